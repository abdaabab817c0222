import { useCallback, useEffect, useState } from 'react';
import { loadThemeChoice, nextThemeChoice, resolveTheme, saveThemeChoice, type Theme, type ThemeChoice } from './theme.ts';

/**
 * The active theme: the stored choice, or the system's when the choice is "system", kept in
 * step with prefers-color-scheme changes. It is applied as `data-theme` on <html>, which the
 * stylesheet's variables key on.
 */
export function useTheme(): { choice: ThemeChoice; theme: Theme; cycle(): void } {
  const [choice, setChoice] = useState<ThemeChoice>(loadThemeChoice);
  const [theme, setTheme] = useState<Theme>(() => resolveTheme(choice));

  useEffect(() => {
    const media = matchMedia('(prefers-color-scheme: dark)');
    const update = () => setTheme(resolveTheme(choice));
    update();
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, [choice]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const cycle = useCallback(() => {
    setChoice((current) => {
      const next = nextThemeChoice(current);
      saveThemeChoice(next);
      return next;
    });
  }, []);

  return { choice, theme, cycle };
}

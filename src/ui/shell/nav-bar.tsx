import type { ThemeChoice } from '../theme/theme.ts';
import { VIEWS, type ViewId } from './routes.ts';

const THEME_LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

export function NavBar({ active, themeChoice, onCycleTheme }: { active: ViewId; themeChoice: ThemeChoice; onCycleTheme(): void }) {
  return (
    <header className="nav-bar">
      <a className="brand" href="#/explore" aria-label="Tidemark home">
        <img src="/favicon.svg" alt="" width="22" height="22" />
        <span>Tidemark</span>
      </a>
      <nav aria-label="Views">
        <ul>
          {VIEWS.map((view) => (
            <li key={view.id}>
              <a href={`#/${view.id}`} title={view.hint} aria-current={view.id === active ? 'page' : undefined}>
                {view.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <button
        type="button"
        className="theme-toggle"
        onClick={onCycleTheme}
        title="Switch between system, light and dark themes"
        data-testid="theme-toggle"
      >
        {THEME_LABEL[themeChoice]}
      </button>
    </header>
  );
}

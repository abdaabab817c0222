import { useEffect, useState } from 'react';
import { type ViewId, viewFromHash } from './routes.ts';

/** The current view, from the URL hash, so views can be linked and survive a reload. */
export function useHashRoute(): ViewId {
  const [view, setView] = useState<ViewId>(() => viewFromHash(location.hash));
  useEffect(() => {
    const update = () => setView(viewFromHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return view;
}

import { useEffect, useRef } from 'react';
import type { Dashboard } from './model/types.ts';

export const LEAVE_MESSAGE =
  'This dashboard has unsaved changes. Leave it anyway? They stay in this tab until it is reloaded; Save keeps them for good.';

/**
 * A dashboard's edits without its view state (time range, refresh, live, chosen variable values):
 * the view state is kept in the URL, so leaving never loses it and it does not call for a prompt.
 */
export function editsOf(d: Dashboard): string {
  return JSON.stringify({
    ...d,
    updatedMs: 0,
    time: null,
    refresh: null,
    live: null,
    variables: d.variables.map((v) => ({ ...v, current: [] })),
  });
}

interface Guard {
  unsaved: boolean;
  allowed: boolean;
  leaves: (hash: string) => boolean;
  ask: (message: string) => boolean;
  /** A hash the user already agreed to go to (a confirmed link click), let through once. */
  confirmedHash: string | null;
}

/** The mounted dashboard page's guard (one page at a time). */
let active: Guard | null = null;

const mustAsk = (g: Guard | null, hash: string): g is Guard => !!g?.unsaved && !g.allowed && g.leaves(hash);

function onBeforeUnload(e: BeforeUnloadEvent): void {
  if (!active?.unsaved || active.allowed) return;
  e.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  e.returnValue = '';
}

function onClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  const here = new URL(location.href);
  // Only same-document hash navigations are the app's; others unload the page (beforeunload asks).
  if (url.origin !== here.origin || url.pathname !== here.pathname || url.search !== here.search || url.hash === here.hash) return;
  const g = active;
  if (!mustAsk(g, url.hash)) return;
  if (g.ask(LEAVE_MESSAGE)) {
    g.confirmedHash = url.hash;
    return;
  }
  e.preventDefault();
  e.stopPropagation();
}

function onHashChange(e: HashChangeEvent): void {
  const g = active;
  if (!g) return;
  const hash = location.hash;
  if (g.confirmedHash !== null) {
    const confirmed = g.confirmedHash === hash;
    g.confirmedHash = null;
    if (confirmed) return;
  }
  if (!mustAsk(g, hash) || g.ask(LEAVE_MESSAGE)) return;
  // Declined: put the dashboard's URL back (no hashchange) and keep the app's listeners from seeing this one.
  e.stopImmediatePropagation();
  history.pushState(history.state, '', e.oldURL);
}

// Installed when the module loads, before the app's own hashchange listeners: listeners run in the
// order they were added, and the app's re-render the view at once (unmounting the page), so a
// guard added later by the page itself would be removed before its turn.
if (typeof window !== 'undefined') {
  addEventListener('beforeunload', onBeforeUnload);
  document.addEventListener('click', onClick, true);
  addEventListener('hashchange', onHashChange, true);
}

/**
 * While `unsaved`, asks before the dashboard is left: a reload or closing the tab gets the
 * browser's own prompt (beforeunload; drafts do not survive it), and a navigation inside the app to
 * a hash that `leaves` says is elsewhere is confirmed with `ask`. A link click is confirmed before
 * it happens; back/forward or a scripted hash change is confirmed when it happens and undone when
 * declined, before the app's other hashchange listeners see it. `allowLeave()` lets the page go
 * without asking (after a delete).
 */
export function useLeaveGuard(
  unsaved: boolean,
  leaves: (hash: string) => boolean,
  ask: (message: string) => boolean = (message) => window.confirm(message),
): { allowLeave(): void } {
  const guard = useRef<Guard>({ unsaved, allowed: false, leaves, ask, confirmedHash: null });
  guard.current.unsaved = unsaved;
  guard.current.leaves = leaves;
  guard.current.ask = ask;
  useEffect(() => {
    const g = guard.current;
    active = g;
    return () => {
      if (active === g) active = null;
    };
  }, []);
  return {
    allowLeave: () => {
      guard.current.allowed = true;
    },
  };
}

import type { Dashboard } from './model/types.ts';

/**
 * Unsaved edits of dashboards the user navigated away from (to another view or dashboard), kept
 * for the page's lifetime so coming back finds them, still marked unsaved. A reload drops them.
 */
const drafts = new Map<string, Dashboard>();

export function getDraft(id: string): Dashboard | undefined {
  return drafts.get(id);
}

export function setDraft(dashboard: Dashboard): void {
  drafts.set(dashboard.id, dashboard);
}

export function dropDraft(id: string): void {
  drafts.delete(id);
}

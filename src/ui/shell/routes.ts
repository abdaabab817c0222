/** The app's views, in navigation order. Later issues fill each one. */
export const VIEWS = [
  { id: 'explore', label: 'Explore', hint: 'Query with SQL and chart the result' },
  { id: 'dashboards', label: 'Dashboards', hint: 'Panels of live charts' },
  { id: 'import', label: 'Import', hint: 'Bring in CSV, JSON, line protocol and more' },
  { id: 'logs', label: 'Logs', hint: 'Search and chart log files' },
  { id: 'storage', label: 'Storage', hint: 'Databases, tables, tiers and retention' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return VIEWS.find((v) => v.id === id)?.id ?? 'explore';
}

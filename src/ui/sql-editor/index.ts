/**
 * The Timestream SQL editor (CodeMirror 6: highlighting, catalog completion, errors at their
 * position, Ctrl/Cmd+Enter) shared by Explore and the dashboard panel editor. `SqlEditor` is lazy:
 * CodeMirror loads on first use, so render it inside a Suspense with a plain textarea as fallback.
 */
import { lazy } from 'react';

export { Catalog } from './catalog.ts';
export type { SqlEditorProps } from './sql-editor.tsx';

export const SqlEditor = lazy(() => import('./sql-editor.tsx'));

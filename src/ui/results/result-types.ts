import type { WorkerMethods } from '../../client/index.ts';

/** The engine's columnar query result as the UI receives it from `db.query`. */
export type ColumnarResult = WorkerMethods['db.query']['result'];
export type ColumnarColumn = ColumnarResult['columns'][number];

import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/engine/index.ts';
import { loadKernelFromFile } from '../../src/kernel/node.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';
import type { ProgressEvent } from '../../src/worker/protocol.ts';

describe('db.query progress', () => {
  it('passes the engine progress on as progress events naming rows and chunks read', async () => {
    const db: Database = await openDatabase({ name: 'progress-test', kernel: await loadKernelFromFile(), storage: 'memory' });
    const handlers = databaseHandlers(Promise.resolve(db), 'progress-test');
    const events: ProgressEvent[] = [];
    const sql =
      'SELECT count(*) FROM (VALUES 1, 2, 3, 4, 5, 6, 7, 8) AS v(a) CROSS JOIN UNNEST(sequence(1, 10000)) AS t(x) CROSS JOIN UNNEST(sequence(1, 30)) AS u(y)';
    const result = await handlers['db.query']!(
      { sql },
      {
        signal: new AbortController().signal,
        progress: (e: ProgressEvent) => events.push(e),
        checkpoint: async () => undefined,
      },
    );
    expect(result.rowCount).toBe(1);
    // 2.4 million rows take longer than one report interval on any machine.
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.message).toMatch(/rows read, [\d,]+ chunks/);
    await db.close();
  });
});

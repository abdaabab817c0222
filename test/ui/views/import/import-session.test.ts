import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ImportMapping, TidemarkClient } from '../../../../src/client/index.ts';
import { ImportSession } from '../../../../src/ui/views/import/import-session.ts';

const mapping = { format: 'csv', timeColumn: 'time', target: { database: 'db1', table: 't1' } } as unknown as ImportMapping;

/** A client that answers import.propose at once and import.run when the test says, honouring import.stop. */
function stubClient() {
  const calls: string[] = [];
  let finish: ((aborted: boolean) => void) | undefined;
  const client = {
    call: async (method: string, params: { importId?: string }, options?: { onProgress?: (e: unknown) => void }) => {
      calls.push(method);
      if (method === 'import.propose') return { shapeKey: `shape-${calls.length}`, inferred: { mapping }, raw: { columns: [], rows: [] } };
      if (method === 'import.stop') {
        finish?.(true);
        return { stopped: true };
      }
      if (method === 'import.run') {
        options?.onProgress?.({ import: { bytesRead: 5, rowsEmitted: 2 } });
        const aborted = await new Promise<boolean>((resolve) => {
          finish = resolve;
        });
        return { aborted, rowsEmitted: 2, importId: params.importId };
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as TidemarkClient;
  return { client, calls, finish: () => finish?.(false) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('import session', () => {
  it('keeps each file from proposal to result, outside any component', async () => {
    const session = new ImportSession();
    const { client, finish } = stubClient();
    let notified = 0;
    session.subscribe(() => notified++);
    session.add(client, [new File(['a'], 'a.csv'), new File(['b'], 'b.csv')]);
    expect(session.snapshot().map((e) => [e.file.name, e.phase])).toEqual([
      ['a.csv', 'proposing'],
      ['b.csv', 'proposing'],
    ]);
    await settle();
    const [a, b] = session.snapshot();
    expect(a!.phase).toBe('ready');
    expect(a!.mapping).toBe(mapping);
    session.remove(b!.id);
    const running = session.start(client, a!.id);
    await settle();
    expect(session.get(a!.id)).toMatchObject({ phase: 'importing', progress: { rowsEmitted: 2 } });
    session.remove(a!.id);
    expect(session.get(a!.id)).toBeDefined();
    finish();
    await running;
    expect(session.get(a!.id)).toMatchObject({ phase: 'done', result: { aborted: false, rowsEmitted: 2 } });
    expect(notified).toBeGreaterThan(4);
  });

  it('stops an import through import.stop and still shows what was written', async () => {
    const session = new ImportSession();
    const { client, calls } = stubClient();
    session.add(client, [new File(['a'], 'a.csv')]);
    await settle();
    const id = session.snapshot()[0]!.id;
    const running = session.start(client, id);
    await settle();
    session.stop(id);
    expect(session.get(id)?.cancelling).toBe(true);
    await running;
    expect(calls).toContain('import.stop');
    expect(session.get(id)).toMatchObject({ phase: 'done', result: { aborted: true } });
  });
});

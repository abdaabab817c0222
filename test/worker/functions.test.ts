import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/engine/index.ts';
import { databaseHandlers } from '../../src/worker/handlers/database-handlers.ts';

describe('db.functions', () => {
  it('lists every SQL function with its signatures, and the special forms', async () => {
    // The handler reads only the registry, so it never waits on the database.
    const handlers = databaseHandlers(new Promise<Database>(() => undefined), 'unused');
    const list = await handlers['db.functions']!({}, { signal: new AbortController().signal, progress: () => undefined } as never);
    const byName = new Map(list.map((f) => [f.name, f]));
    expect(byName.get('avg')?.kind).toBe('aggregate');
    expect(byName.get('row_number')?.kind).toBe('window');
    expect(byName.get('bin')?.signatures.some((s) => s.startsWith('bin('))).toBe(true);
    expect(byName.get('coalesce')?.kind).toBe('special');
    expect(list.length).toBeGreaterThan(100);
    expect(list.every((f) => f.name === f.name.toLowerCase())).toBe(true);
  });
});

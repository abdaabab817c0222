import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let consumer = '';

// A separate project that depends on tidemark, as a user's would: this checks the package.json
// "exports", the emitted ESM (import specifiers rewritten to .js) and the wasm shipped in dist/lib.
beforeAll(() => {
  if (!existsSync(join(repo, 'dist/lib/index.js'))) {
    throw new Error('dist/lib is missing: run npm run build (npm test does) before this test.');
  }
  consumer = mkdtempSync(join(tmpdir(), 'tidemark-consumer-'));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(repo, join(consumer, 'node_modules', 'tidemark'), 'dir');
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
});

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

function runInConsumer(code: string): string {
  writeFileSync(join(consumer, 'main.js'), code);
  return execFileSync(process.execPath, ['main.js'], { cwd: consumer, encoding: 'utf8' });
}

describe('the published library', () => {
  it('is importable as "tidemark" from Node and runs the kernel from its own wasm file', () => {
    const out = runInConsumer(`
      import { loadKernelFromFile, TidemarkError } from 'tidemark';
      const kernel = await loadKernelFromFile();
      console.log(JSON.stringify({ sum: kernel.sumFloat64(new Float64Array([1.25, 2.75])), info: kernel.info(), error: typeof TidemarkError }));
    `);
    const result = JSON.parse(out) as { sum: number; info: { buildId: string; abiVersion: number }; error: string };
    expect(result.sum).toBe(4);
    expect(result.info.buildId).toMatch(/^[0-9a-f]{12}$/);
    expect(result.error).toBe('function');
  });

  it('opens a database, writes Timestream records and queries them with SQL', () => {
    const out = runInConsumer(`
      import { openDatabase, toTimestreamResponse } from 'tidemark';
      const db = await openDatabase({ name: 'consumer', storage: 'memory' });
      await db.createDatabase('demo');
      await db.createTable('demo', 'metrics');
      const written = await db.writeRecords({ DatabaseName: 'demo', TableName: 'metrics', Records: [
        { Dimensions: [{ Name: 'host', Value: 'a' }], MeasureName: 'cpu', MeasureValue: '42.5', MeasureValueType: 'DOUBLE', Time: String(Date.now()) },
        { Dimensions: [{ Name: 'host', Value: 'b' }], MeasureName: 'cpu', MeasureValue: 'oops', MeasureValueType: 'DOUBLE', Time: String(Date.now()) },
      ] });
      const result = await db.query('SELECT host, measure_value::double FROM demo.metrics');
      console.log(JSON.stringify({ total: written.RecordsIngested.Total, rejected: written.RejectedRecords.map((r) => r.RecordIndex), rows: toTimestreamResponse(result).Rows }));
      await db.close();
    `);
    const result = JSON.parse(out) as { total: number; rejected: number[]; rows: unknown[] };
    expect(result.total).toBe(1);
    expect(result.rejected).toEqual([1]);
    expect(result.rows).toEqual([{ Data: [{ ScalarValue: 'a' }, { ScalarValue: '42.5' }] }]);
  });

  it('ships type declarations for its entry', () => {
    expect(existsSync(join(repo, 'dist/lib/index.d.ts'))).toBe(true);
    expect(existsSync(join(repo, 'dist/lib/kernel/kernel.wasm'))).toBe(true);
  });
});

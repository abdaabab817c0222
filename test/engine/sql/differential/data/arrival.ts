import type { WriteRecord } from '../../../../../src/engine/model/types.ts';
import { Random } from '../random.ts';

/** Share of records first sent with other values at Version 1, then as generated at Version 2. */
const SUPERSEDED_RATE = 0.04;
/** Share of records sent twice with the same value (an idempotent no-op the second time). */
const DUPLICATE_RATE = 0.04;

/**
 * The order and form in which records reach Tidemark: shuffled (late points land in sealed chunks
 * and in the magnetic tier), some sent twice unchanged, some preceded by a different value at a
 * lower version. What the table must end up holding is exactly the generated records, which is
 * what DuckDB is loaded with.
 */
export function arrivalOrder(records: readonly WriteRecord[], seed: number): WriteRecord[] {
  const random = new Random(seed);
  const shuffled = random.sample(records, records.length);
  const out: WriteRecord[] = [];
  for (const record of shuffled) {
    if (random.chance(SUPERSEDED_RATE)) {
      out.push({ ...superseded(record), Version: 1 });
      out.push({ ...record, Version: 2 });
      continue;
    }
    out.push(record);
    if (random.chance(DUPLICATE_RATE)) out.push(record);
  }
  return out;
}

/** The same record with every value changed (a number by +1, text by a suffix, a boolean negated). */
function superseded(record: WriteRecord): WriteRecord {
  const change = (value: string, type: string): string => {
    if (type === 'VARCHAR') return `${value}_old`;
    if (type === 'BOOLEAN') return String(value !== 'true');
    // BIGINT and TIMESTAMP (nanoseconds) exceed a double's exact range: change them as bigints.
    if (type === 'BIGINT' || type === 'TIMESTAMP') return String(BigInt(value) + 1n);
    return String(Number(value) + 1);
  };
  if (record.MeasureValues)
    return { ...record, MeasureValues: record.MeasureValues.map((v) => ({ ...v, Value: change(v.Value, v.Type) })) };
  return { ...record, MeasureValue: change(record.MeasureValue ?? '0', record.MeasureValueType ?? 'DOUBLE') };
}

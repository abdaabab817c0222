import type { TableOptions } from './types.ts';

/** Timestream's defaults for a new table. */
export const DEFAULT_TABLE_OPTIONS: TableOptions = {
  memoryStoreRetentionHours: 6,
  magneticStoreRetentionDays: 73_000,
  enableMagneticStoreWrites: false,
};

/** Table options as a caller may pass them: every field optional. */
export type TableOptionsInput = Partial<TableOptions>;

function checkRange(field: string, value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${field} must be an integer (got ${String(value)}).`;
  if (value < min || value > max) return `${field} must be between ${min} and ${max} (got ${value}).`;
  return undefined;
}

/**
 * Merges `input` over `base` and validates the result: memory retention 1-8766 hours,
 * magnetic retention 1-73000 days. Returns the options or the reason they are refused.
 */
export function resolveTableOptions(
  input: TableOptionsInput | undefined,
  base: TableOptions = DEFAULT_TABLE_OPTIONS,
): TableOptions | string {
  const merged: TableOptions = { ...base, ...stripUndefined(input ?? {}) };
  const reason =
    checkRange('memoryStoreRetentionHours', merged.memoryStoreRetentionHours, 1, 8766) ??
    checkRange('magneticStoreRetentionDays', merged.magneticStoreRetentionDays, 1, 73_000) ??
    (typeof merged.enableMagneticStoreWrites === 'boolean' ? undefined : 'enableMagneticStoreWrites must be a boolean.');
  return reason ?? merged;
}

function stripUndefined(input: TableOptionsInput): TableOptionsInput {
  const out: { -readonly [K in keyof TableOptions]?: TableOptions[K] } = {};
  if (input.memoryStoreRetentionHours !== undefined) out.memoryStoreRetentionHours = input.memoryStoreRetentionHours;
  if (input.magneticStoreRetentionDays !== undefined) out.magneticStoreRetentionDays = input.magneticStoreRetentionDays;
  if (input.enableMagneticStoreWrites !== undefined) out.enableMagneticStoreWrites = input.enableMagneticStoreWrites;
  return out;
}

/** Memory retention in ns. */
export function memoryRetentionNs(options: TableOptions): bigint {
  return BigInt(options.memoryStoreRetentionHours) * 3_600_000_000_000n;
}

/** Magnetic retention in ns. */
export function magneticRetentionNs(options: TableOptions): bigint {
  return BigInt(options.magneticStoreRetentionDays) * 86_400_000_000_000n;
}

/** How far ahead of now a write may be: 15 minutes, as Timestream. */
export const FUTURE_WINDOW_NS = 15n * 60_000_000_000n;

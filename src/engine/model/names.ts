/**
 * Naming rules, after Timestream's: database and table names are 3-256 characters of letters,
 * digits, `_`, `-` and `.`; dimension names are at most 60 bytes and measure names at most 256
 * bytes of UTF-8; column names (dimensions, MULTI attributes) may not be reserved words, may not
 * start with `ts_` or `measure_name`/`measure_value`, and dimension names may not contain `:`.
 * Each check returns the reason a name is refused, or undefined when it is fine.
 */

const encoder = new TextEncoder();
const RESOURCE_NAME = /^[a-zA-Z0-9_.-]+$/;
const RESERVED = new Set(['measure_name', 'measure_value', 'time', 'ts_non_existent_col']);

/** UTF-8 length of a string: Timestream's limits are in bytes. */
export function utf8Length(text: string): number {
  // ASCII is the common case and needs no encoding.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? text.length : encoder.encode(text).length;
}

function resourceName(kind: string, name: unknown): string | undefined {
  if (typeof name !== 'string') return `The ${kind} name must be a string.`;
  if (name.length < 3 || name.length > 256) {
    return `The ${kind} name "${name}" must be 3 to 256 characters long (it has ${name.length}).`;
  }
  if (!RESOURCE_NAME.test(name)) {
    return `The ${kind} name "${name}" may contain only letters, digits, underscores, hyphens and periods.`;
  }
  return undefined;
}

/** Why a database name is invalid, or undefined. */
export function checkDatabaseName(name: unknown): string | undefined {
  return resourceName('database', name);
}

/** Why a table name is invalid, or undefined. */
export function checkTableName(name: unknown): string | undefined {
  return resourceName('table', name);
}

function columnName(field: string, name: string, maxBytes: number): string | undefined {
  if (name.length === 0) return `${field} must not be empty.`;
  const bytes = utf8Length(name);
  if (bytes > maxBytes) return `${field} "${name}" is ${bytes} bytes long; the limit is ${maxBytes} bytes.`;
  if (RESERVED.has(name)) return `${field} "${name}" is a reserved name.`;
  if (name.startsWith('ts_')) return `${field} "${name}" must not start with "ts_" (reserved prefix).`;
  if (name.startsWith('measure_name') || name.startsWith('measure_value')) {
    return `${field} "${name}" must not start with "measure_name" or "measure_value" (reserved prefix).`;
  }
  return undefined;
}

/** Why a dimension name is invalid, or undefined. `field` names it in the reason (e.g. `Dimensions[2].Name`). */
export function checkDimensionName(name: unknown, field = 'Dimension name'): string | undefined {
  if (typeof name !== 'string') return `${field} must be a string.`;
  const reason = columnName(field, name, 60);
  if (reason) return reason;
  if (name.includes(':')) return `${field} "${name}" must not contain a colon (":").`;
  return undefined;
}

/** Why a dimension value is invalid, or undefined. */
export function checkDimensionValue(value: unknown, field = 'Dimension value'): string | undefined {
  if (typeof value !== 'string') return `${field} must be a string.`;
  if (value.length === 0) return `${field} must not be empty (minimum length 1).`;
  const bytes = utf8Length(value);
  if (bytes > 2048) return `${field} is ${bytes} bytes long; the limit is 2048 bytes.`;
  return undefined;
}

/** Why a measure name is invalid, or undefined. */
export function checkMeasureName(name: unknown, field = 'MeasureName'): string | undefined {
  if (typeof name !== 'string') return `${field} is required and must be a string.`;
  if (name.length === 0) return `${field} must not be empty.`;
  const bytes = utf8Length(name);
  if (bytes > 256) return `${field} "${name}" is ${bytes} bytes long; the limit is 256 bytes.`;
  return undefined;
}

/** Why the name of a MULTI attribute is invalid, or undefined. */
export function checkAttributeName(name: unknown, field = 'MeasureValues name'): string | undefined {
  if (typeof name !== 'string') return `${field} must be a string.`;
  return columnName(field, name, 256);
}

export {
  checkAttributeName,
  checkDatabaseName,
  checkDimensionName,
  checkDimensionValue,
  checkMeasureName,
  checkTableName,
  utf8Length,
} from './names.ts';
export {
  type NormalizedCell,
  type NormalizedRecord,
  normalizeRecord,
  normalizeWith,
  type PreparedCommon,
  prepareCommon,
} from './normalize-record.ts';
export {
  DEFAULT_TABLE_OPTIONS,
  FUTURE_WINDOW_NS,
  magneticRetentionNs,
  memoryRetentionNs,
  resolveTableOptions,
  type TableOptionsInput,
} from './options.ts';
export { Reasons } from './reasons.ts';
export { formatNs, MAX_TIME_NS, msToNs, NANOS_PER_UNIT, nsToMs, parseIsoToNs, recordTimeToNs, type TimeInput, toNs } from './time.ts';
export * from './types.ts';
export { type CellValue, type ParsedValue, parseMeasureValue, sameCell } from './values.ts';

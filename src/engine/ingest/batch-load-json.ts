import { TidemarkError } from '../../errors/index.ts';
import {
  type BatchLoadCsvConfiguration,
  type BatchLoadDataModel,
  dialectOfBatchLoad,
  mappingFromBatchLoad,
} from './timestream-batch-load.ts';
import type { ImportMapping } from './types.ts';

/**
 * A mapping from the JSON a Timestream batch-load user already has: a whole `CreateBatchLoadTask` request
 * (`DataModelConfiguration.DataModel`, `DataSourceConfiguration.CsvConfiguration`), or a bare `DataModel`.
 * Malformed JSON is a typed error at its line and column.
 */
export function mappingFromBatchLoadJson(text: string, target: { database: string; table: string }): ImportMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : undefined;
    const before = offset !== undefined ? text.slice(0, offset) : '';
    const line = offset !== undefined ? before.split('\n').length : undefined;
    const column = offset !== undefined ? offset - before.lastIndexOf('\n') : undefined;
    throw new TidemarkError('VALIDATION', `The batch-load configuration is not valid JSON: ${message}`, {
      ...(line !== undefined && column !== undefined ? { position: { line, column } } : {}),
      details: { field: 'dataModel' },
    });
  }
  const request = value as {
    DataModelConfiguration?: { DataModel?: BatchLoadDataModel };
    DataSourceConfiguration?: { CsvConfiguration?: BatchLoadCsvConfiguration };
    DimensionMappings?: unknown;
  };
  const dataModel =
    request?.DataModelConfiguration?.DataModel ?? (Array.isArray(request?.DimensionMappings) ? (value as BatchLoadDataModel) : undefined);
  if (dataModel === undefined || !Array.isArray(dataModel.DimensionMappings)) {
    throw new TidemarkError(
      'VALIDATION',
      'Give a batch-load DataModel (with DimensionMappings) or a whole CreateBatchLoadTask request (DataModelConfiguration.DataModel).',
      { details: { field: 'dataModel' } },
    );
  }
  const csv = request.DataSourceConfiguration?.CsvConfiguration ?? {};
  const mapping = mappingFromBatchLoad(dataModel, target, csv);
  return { ...mapping, dialect: mapping.dialect ?? dialectOfBatchLoad(csv) };
}

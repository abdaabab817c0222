import { type SqlType, T, timeseriesOf } from '../types/sql-type.ts';
import { compareValues } from '../values/compare.ts';
import { type SqlValue, TimeSeries } from '../values/sql-value.ts';
import { aggregateFunction } from './aggregate-define.ts';
import type { AggregateImpl } from './function-types.ts';

// create_time_series(time, value): the aggregate that builds Timestream's timeseries value from
// the rows of a group. Rows whose time or value is NULL are skipped (a timeseries has no NULL
// points), and the points come out sorted by time whatever order the rows arrived in.

/** The value types Timestream lets a timeseries hold; integer widens to bigint. */
function seriesValueType(type: SqlType): SqlType | null {
  switch (type.kind) {
    case 'unknown':
      return T.double;
    case 'integer':
    case 'bigint':
      return T.bigint;
    case 'double':
    case 'boolean':
    case 'varchar':
      return type;
    default:
      return null;
  }
}

export const createTimeSeriesAggregate = aggregateFunction(
  'create_time_series',
  ['create_time_series(timestamp, T) -> timeseries(T) for T in bigint, boolean, double, varchar'],
  [
    (types): AggregateImpl | null => {
      const [time, value] = types;
      if (types.length !== 2 || !time || !value) return null;
      if (time.kind !== 'timestamp' && time.kind !== 'unknown') return null;
      const valueType = seriesValueType(value);
      if (!valueType) return null;
      return {
        returnType: timeseriesOf(valueType),
        argTypes: [T.timestamp, valueType],
        skipNullRows: true,
        create() {
          const points: { time: bigint; value: SqlValue }[] = [];
          return {
            add: ([t, v]) => {
              points.push({ time: t as bigint, value: v ?? null });
            },
            result: () => {
              if (points.length === 0) return null;
              // Rows reach an aggregate in no particular order, so points at the same time are
              // ordered by value: the series is the same however the rows were scanned.
              points.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : compareValues(a.value, b.value, valueType)));
              return new TimeSeries(
                points.map((p) => p.time),
                points.map((p) => p.value),
              );
            },
          };
        },
      };
    },
  ],
);

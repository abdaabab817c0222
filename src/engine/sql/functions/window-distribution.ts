import { TidemarkError } from '../../../errors/index.ts';
import { canCoerce } from '../types/coercion.ts';
import { T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { WindowFunction, WindowPartition } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

// Distribution window functions (percent_rank, cume_dist, ntile), which read the window order
// and its peer groups but never the frame, and nth_value, which reads the frame.

function distributionFunction(name: string, compute: (partition: WindowPartition) => SqlValue[]): WindowFunction {
  const signatures = [`${name}() -> double`];
  return {
    kind: 'window',
    name,
    signatures,
    allowsIgnoreNulls: false,
    resolve(argTypes) {
      if (argTypes.length !== 0) throw signatureMismatch(name, argTypes, signatures);
      return { returnType: T.double, argTypes: [], evaluate: compute };
    },
  };
}

/** percent_rank: (rank - 1) / (rows in partition - 1), and 0 for a partition of one row. */
export const percentRankWindow = distributionFunction('percent_rank', (p) =>
  Array.from({ length: p.size }, (_, i) => (p.size === 1 ? 0 : p.peerStart(i) / (p.size - 1))),
);

/** cume_dist: the fraction of the partition's rows ordered at or before this row (its peers included). */
export const cumeDistWindow = distributionFunction('cume_dist', (p) => Array.from({ length: p.size }, (_, i) => p.peerEnd(i) / p.size));

/**
 * ntile(n): splits the partition into n buckets numbered 1..n whose sizes differ by at most
 * one, the larger buckets first; with more buckets than rows each row gets its own.
 */
export const ntileWindow: WindowFunction = {
  kind: 'window',
  name: 'ntile',
  signatures: ['ntile(bigint n) -> bigint'],
  allowsIgnoreNulls: false,
  resolve(argTypes) {
    const [buckets] = argTypes;
    if (!buckets || argTypes.length !== 1 || !canCoerce(buckets, T.bigint) || buckets.kind === 'double') {
      throw signatureMismatch('ntile', argTypes, this.signatures);
    }
    return {
      returnType: T.bigint,
      argTypes: [T.bigint],
      evaluate(p: WindowPartition) {
        const out: SqlValue[] = new Array(p.size);
        for (let row = 0; row < p.size; row++) {
          const raw = p.argument(0, row);
          if (raw === null) {
            out[row] = null;
            continue;
          }
          const n = Number(raw as bigint);
          if (n < 1) throw new TidemarkError('SQL_SEMANTIC', `ntile needs a bucket count of at least 1, got ${n}.`);
          out[row] = BigInt(bucketOf(row, p.size, n));
        }
        return out;
      },
    };
  },
};

function bucketOf(row: number, size: number, buckets: number): number {
  if (buckets >= size) return row + 1;
  const perBucket = Math.floor(size / buckets);
  const larger = size % buckets; // the first `larger` buckets hold perBucket + 1 rows
  const inLarger = larger * (perBucket + 1);
  return row < inLarger ? Math.floor(row / (perBucket + 1)) + 1 : larger + Math.floor((row - inLarger) / perBucket) + 1;
}

/**
 * nth_value(x, offset): x at the offset-th row (1-based) of the frame, or NULL when the frame
 * is shorter. With IGNORE NULLS it counts only rows whose x is not NULL.
 */
export const nthValueWindow: WindowFunction = {
  kind: 'window',
  name: 'nth_value',
  signatures: ['nth_value(x, bigint offset) -> type of x'],
  allowsIgnoreNulls: true,
  resolve(argTypes) {
    const [value, offset] = argTypes;
    if (!value || !offset || argTypes.length !== 2 || !canCoerce(offset, T.bigint) || offset.kind === 'double') {
      throw signatureMismatch('nth_value', argTypes, this.signatures);
    }
    return {
      returnType: value,
      argTypes: [value, T.bigint],
      evaluate(p: WindowPartition) {
        const out: SqlValue[] = new Array(p.size);
        for (let row = 0; row < p.size; row++) {
          out[row] = null;
          const raw = p.argument(1, row);
          if (raw === null) continue;
          const n = Number(raw as bigint);
          if (n < 1) throw new TidemarkError('SQL_SEMANTIC', `nth_value needs an offset of at least 1, got ${n}.`);
          const start = p.frameStart(row);
          const end = p.frameEnd(row);
          if (!p.ignoreNulls) {
            if (start + n - 1 < end) out[row] = p.argument(0, start + n - 1);
            continue;
          }
          let remaining = n;
          for (let i = start; i < end; i++) {
            const x = p.argument(0, i);
            if (x !== null && --remaining === 0) {
              out[row] = x;
              break;
            }
          }
        }
        return out;
      },
    };
  },
};

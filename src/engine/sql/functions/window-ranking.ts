import { T } from '../types/sql-type.ts';
import type { SqlValue } from '../values/sql-value.ts';
import type { WindowFunction, WindowPartition } from './function-types.ts';
import { signatureMismatch } from './signature-error.ts';

// Ranking window functions: row_number, rank, dense_rank. They read only the window order and
// its peer groups, never the frame.

function rankingFunction(name: string, compute: (partition: WindowPartition) => SqlValue[]): WindowFunction {
  const signatures = [`${name}() -> bigint`];
  return {
    kind: 'window',
    name,
    signatures,
    allowsIgnoreNulls: false,
    resolve(argTypes) {
      if (argTypes.length !== 0) throw signatureMismatch(name, argTypes, signatures);
      return { returnType: T.bigint, argTypes: [], evaluate: compute };
    },
  };
}

export const rowNumberWindow = rankingFunction('row_number', (p) => Array.from({ length: p.size }, (_, i) => BigInt(i + 1)));

export const rankWindow = rankingFunction('rank', (p) => Array.from({ length: p.size }, (_, i) => BigInt(p.peerStart(i) + 1)));

export const denseRankWindow = rankingFunction('dense_rank', (p) => {
  const out: SqlValue[] = new Array(p.size);
  let rank = 0n;
  for (let i = 0; i < p.size; i++) {
    if (p.peerStart(i) === i) rank++;
    out[i] = rank;
  }
  return out;
});

import type { TableStats, TierStats } from '../../../client/index.ts';
import { formatBytes, formatCount, formatNsTime } from '../../files/format-figures.ts';

const ROWS: readonly { label: string; cell(t: TierStats): string }[] = [
  { label: 'Points', cell: (t) => formatCount(t.points) },
  { label: 'Chunks', cell: (t) => formatCount(t.chunks) },
  { label: 'Series', cell: (t) => formatCount(t.series) },
  { label: 'Bytes stored', cell: (t) => formatBytes(t.bytesStored) },
  { label: 'Bytes in RAM', cell: (t) => formatBytes(t.bytesInRam) },
  { label: 'Compression', cell: (t) => (t.compressionRatio > 0 ? `${t.compressionRatio.toFixed(1)}×` : '—') },
  { label: 'Oldest', cell: (t) => formatNsTime(t.oldest) },
  { label: 'Newest', cell: (t) => formatNsTime(t.newest) },
];

/** A table's figures per storage tier, side by side. */
export function TierTable({ stats }: { stats: TableStats | undefined }) {
  if (stats === undefined) return <p className="hint">No figures yet.</p>;
  return (
    <table className="data-table" data-testid="tier-stats">
      <caption>Storage tiers ({formatCount(stats.series)} series)</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">Memory</th>
          <th scope="col">Magnetic</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td data-testid={`memory-${row.label.toLowerCase().replaceAll(' ', '-')}`}>{row.cell(stats.memory)}</td>
            <td data-testid={`magnetic-${row.label.toLowerCase().replaceAll(' ', '-')}`}>{row.cell(stats.magnetic)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

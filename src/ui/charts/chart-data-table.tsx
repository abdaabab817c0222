import { useState } from 'react';
import { type ChartData, formatValue } from '../../charts/index.ts';

const PAGE = 25;

function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/**
 * The chart's data as a real table, for screen readers and keyboard users (a canvas says
 * nothing): time and one column per series, 25 rows per page, newest first.
 */
export function ChartDataTable({
  data,
  unitOf,
  caption,
}: {
  data: ChartData;
  unitOf: (index: number) => string | undefined;
  caption: string;
}) {
  const [page, setPage] = useState(0);
  const n = data.times.length;
  const pages = Math.max(1, Math.ceil(n / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = [];
  for (let k = current * PAGE; k < Math.min(n, (current + 1) * PAGE); k++) {
    const i = n - 1 - k;
    rows.push(
      <tr key={i}>
        <th scope="row">{formatTime(data.times[i]!)}</th>
        {data.series.map((s, j) => {
          const v = s.values[i]!;
          return <td key={s.label + String(j)}>{s.missing?.[i] === 1 ? '' : Number.isNaN(v) ? 'no value' : formatValue(v, unitOf(j))}</td>;
        })}
      </tr>,
    );
  }
  return (
    <div className="chart-data-table">
      <table>
        <caption>
          {caption} — rows {n === 0 ? 0 : current * PAGE + 1}–{Math.min(n, (current + 1) * PAGE)} of {n.toLocaleString()}, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {data.series.map((s, j) => (
              <th scope="col" key={s.label + String(j)}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
      <div className="chart-data-table-pager">
        <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
          Newer
        </button>
        <span>
          Page {current + 1} of {pages}
        </span>
        <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          Older
        </button>
      </div>
    </div>
  );
}

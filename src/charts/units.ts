/**
 * Formats values for axes, legend and tooltip by unit. Known units scale to a readable
 * magnitude (bytes → KiB/MiB, ms → s → min); anything else is appended as written.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SI_SUFFIXES: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** A number with at most `digits` significant decimals, without trailing zeros. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '' : value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e15 || abs < 1e-6) return value.toExponential(2);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(8, digits - 1 - Math.floor(Math.log10(abs)));
  return Number(value.toFixed(Math.max(0, decimals))).toString();
}

function si(value: number): string {
  const abs = Math.abs(value);
  for (const [factor, suffix] of SI_SUFFIXES) if (abs >= factor) return `${formatNumber(value / factor)}${suffix}`;
  return formatNumber(value);
}

function scaled(value: number, steps: readonly [number, string][]): string {
  const abs = Math.abs(value);
  let chosen = steps[0]!;
  for (const step of steps) if (abs >= step[0]) chosen = step;
  return `${formatNumber(value / chosen[0])} ${chosen[1]}`;
}

const DURATION_MS: readonly [number, string][] = [
  [1e-6, 'ns'],
  [1e-3, 'µs'],
  [1, 'ms'],
  [1000, 's'],
  [60_000, 'min'],
  [3_600_000, 'h'],
  [86_400_000, 'd'],
];

/** Formats one value in a unit: '%', 'percent', 'bytes'/'B', 'ms', 's', 'ns', 'us', or any other label. */
export function formatValue(value: number, unit?: string): string {
  if (Number.isNaN(value)) return '';
  switch (unit) {
    case undefined:
    case '':
      return si(value);
    case '%':
    case 'percent':
      return `${formatNumber(value)}%`;
    case 'bytes':
    case 'B': {
      let v = value;
      let i = 0;
      while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
        v /= 1024;
        i++;
      }
      return `${formatNumber(v)} ${BYTE_UNITS[i]}`;
    }
    case 'ns':
      return scaled(value * 1e-6, DURATION_MS);
    case 'us':
    case 'µs':
      return scaled(value * 1e-3, DURATION_MS);
    case 'ms':
      return scaled(value, DURATION_MS);
    case 's':
      return scaled(value * 1000, DURATION_MS);
    default:
      return `${si(value)} ${unit}`;
  }
}

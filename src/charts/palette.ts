/** Series colours readable on both the light and the dark background, in assignment order. */
export const PALETTE = [
  '#3d7fe0',
  '#e5771e',
  '#2fa866',
  '#d6455d',
  '#8f63d6',
  '#1ba3b8',
  '#c99a06',
  '#d1559c',
  '#6f8f2b',
  '#8a6d55',
] as const;

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** The colour with an alpha, for area fills: '#rrggbb' → 'rgba(r,g,b,a)'; other forms are returned as given. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return `rgba(${Number.parseInt(m[1]!, 16)},${Number.parseInt(m[2]!, 16)},${Number.parseInt(m[3]!, 16)},${alpha})`;
}

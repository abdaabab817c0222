/** Selections narrower than this many CSS pixels are clicks, not zooms. */
export const MIN_ZOOM_PX = 3;

/**
 * The time range a drag selected, from the selection box in CSS pixels and the plot's
 * pixel→value mapping; null when the selection is too narrow to be a zoom.
 */
export function selectionToRange(
  select: { readonly left: number; readonly width: number },
  posToVal: (px: number) => number,
): [number, number] | null {
  if (!(select.width >= MIN_ZOOM_PX)) return null;
  const from = posToVal(select.left);
  const to = posToVal(select.left + select.width);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null;
  return [from, to];
}

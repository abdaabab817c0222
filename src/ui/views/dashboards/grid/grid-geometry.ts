import { GRID_COLUMNS, GRID_ROW_PX, type GridPos } from '../model/types.ts';

/** Space between panels, in pixels. */
export const GRID_GAP_PX = 8;

/** Pixel geometry of the grid at a container width: where a grid position lands on screen. */
export interface GridGeometry {
  readonly columnPx: number;
  readonly stepX: number;
  readonly stepY: number;
}

export function gridGeometry(containerWidth: number): GridGeometry {
  const columnPx = Math.max(1, (containerWidth - GRID_GAP_PX * (GRID_COLUMNS - 1)) / GRID_COLUMNS);
  return { columnPx, stepX: columnPx + GRID_GAP_PX, stepY: GRID_ROW_PX + GRID_GAP_PX };
}

export function gridRect(g: GridGeometry, pos: GridPos): { left: number; top: number; width: number; height: number } {
  return {
    left: Math.round(pos.x * g.stepX),
    top: pos.y * g.stepY,
    width: Math.round(pos.w * g.columnPx + (pos.w - 1) * GRID_GAP_PX),
    height: pos.h * GRID_ROW_PX + (pos.h - 1) * GRID_GAP_PX,
  };
}

/** The grid position a drag of (dx, dy) pixels reaches from `start` (moving, or resizing from the bottom-right corner). */
export function dragTarget(g: GridGeometry, start: GridPos, dx: number, dy: number, mode: 'move' | 'resize'): GridPos {
  const cols = Math.round(dx / g.stepX);
  const rows = Math.round(dy / g.stepY);
  return mode === 'move' ? { ...start, x: start.x + cols, y: start.y + rows } : { ...start, w: start.w + cols, h: start.h + rows };
}

import { GRID_COLUMNS, GRID_MAX_ROWS, type GridPos } from './types.ts';

/** Anything laid out on the grid (a panel). */
export interface GridItem {
  readonly id: string;
  readonly grid: GridPos;
}

export function collides(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Keeps a position on the grid: width 1..24, inside the columns, height 2..max, y >= 0. */
export function clampGrid(pos: GridPos): GridPos {
  const w = Math.min(GRID_COLUMNS, Math.max(1, Math.round(pos.w)));
  const h = Math.min(GRID_MAX_ROWS, Math.max(2, Math.round(pos.h)));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, Math.round(pos.x)));
  const y = Math.min(GRID_MAX_ROWS, Math.max(0, Math.round(pos.y)));
  return { x, y, w, h };
}

function firstCollision(pos: GridPos, placed: readonly GridPos[]): GridPos | undefined {
  return placed.find((p) => collides(pos, p));
}

/** Below everything placed that is in the way, starting from the item's own row. */
function pushDown(pos: GridPos, placed: readonly GridPos[]): GridPos {
  let current = pos;
  for (let hit = firstCollision(current, placed); hit; hit = firstCollision(current, placed)) current = { ...current, y: hit.y + hit.h };
  return current;
}

/** Grafana's gravity: the item rises row by row until something placed is in the way (it never jumps over another item). */
function rise(pos: GridPos, placed: readonly GridPos[]): GridPos {
  let y = pos.y;
  while (y > 0 && !firstCollision({ ...pos, y: y - 1 }, placed)) y--;
  return y === pos.y ? pos : { ...pos, y };
}

function byRowThenColumn(a: GridItem, b: GridItem): number {
  return a.grid.y - b.grid.y || a.grid.x - b.grid.x;
}

function settle<T extends GridItem>(
  items: readonly T[],
  placedFirst: GridPos[],
  out: Map<string, T>,
  place: (pos: GridPos) => GridPos,
): void {
  for (const item of [...items].sort(byRowThenColumn)) {
    const grid = place(item.grid);
    placedFirst.push(grid);
    out.set(item.id, sameGrid(item.grid, grid) ? item : { ...item, grid });
  }
}

/** Removes gaps: every item, top to bottom, rises as far as it can. No two items overlap afterwards. */
export function compact<T extends GridItem>(items: readonly T[]): T[] {
  const placed: GridPos[] = [];
  const out = new Map<string, T>();
  settle(items, placed, out, (pos) => rise(pushDown(pos, placed), placed));
  return items.map((i) => out.get(i.id)!);
}

/**
 * The layout while an item is dragged or resized to `target`: the item stays exactly there;
 * an item in its way takes the dragged item's old place when that is free (dragging a panel
 * onto its neighbour swaps them), else goes just above it when there is room, else below it.
 * Call `compact` when the gesture ends.
 */
export function placeItem<T extends GridItem>(items: readonly T[], id: string, target: GridPos): T[] {
  const moving = items.find((i) => i.id === id);
  if (!moving) return [...items];
  const fixed = clampGrid(target);
  const placed: GridPos[] = [fixed];
  const out = new Map<string, T>([[id, { ...moving, grid: fixed }]]);
  const others = items.filter((i) => i.id !== id);
  settle(others, placed, out, (pos) => {
    if (!collides(pos, fixed)) return pushDown(pos, placed);
    // Swap: the item in the way takes the dragged item's old place when it is free.
    const swapped = clampGrid({ ...pos, x: moving.grid.x, y: moving.grid.y });
    if (!firstCollision(swapped, placed)) return swapped;
    const above = { ...pos, y: fixed.y - pos.h };
    if (above.y >= 0 && !firstCollision(above, placed)) return above;
    return pushDown({ ...pos, y: fixed.y + fixed.h }, placed);
  });
  return items.map((i) => out.get(i.id)!);
}

/** Moves or resizes an item and settles the layout (what a finished drag does). */
export function moveItem<T extends GridItem>(items: readonly T[], id: string, target: GridPos): T[] {
  return compact(placeItem(items, id, target));
}

export function sameGrid(a: GridPos, b: GridPos): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/**
 * The keyboard alternative to dragging: arrows move an item one column, or past its
 * neighbour above or below (gravity would undo a one-row step into empty space); with
 * `resize`, arrows change its width by a column or its height by a row.
 */
export function keyboardStep<T extends GridItem>(items: readonly T[], id: string, key: GridKey, resize: boolean): T[] {
  const item = items.find((i) => i.id === id);
  if (!item) return [...items];
  const g = item.grid;
  if (resize) {
    const dw = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
    const dh = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0;
    return moveItem(items, id, { ...g, w: Math.min(GRID_COLUMNS - g.x, g.w + dw), h: g.h + dh });
  }
  if (key === 'ArrowLeft' || key === 'ArrowRight') return moveItem(items, id, { ...g, x: g.x + (key === 'ArrowLeft' ? -1 : 1) });
  const step = key === 'ArrowUp' ? -1 : 1;
  // Step row by row until the settled layout changes, so one key press always does something visible.
  for (let y = g.y + step; y >= 0 && y <= GRID_MAX_ROWS; y += step) {
    const next = moveItem(items, id, { ...g, y });
    if (!sameLayout(next, items)) return next;
  }
  return [...items];
}

function sameLayout(a: readonly GridItem[], b: readonly GridItem[]): boolean {
  return a.length === b.length && a.every((item, i) => sameGrid(item.grid, b[i]!.grid));
}

/** Where a new item of this size goes: the bottom-left corner of the layout. */
export function nextFreeSpot(items: readonly GridItem[], w: number, h: number): GridPos {
  const bottom = items.reduce((max, i) => Math.max(max, i.grid.y + i.grid.h), 0);
  return clampGrid({ x: 0, y: bottom, w, h });
}

/** The number of rows the layout occupies. */
export function layoutRows(items: readonly GridItem[]): number {
  return items.reduce((max, i) => Math.max(max, i.grid.y + i.grid.h), 0);
}

import { type KeyboardEvent, type PointerEvent, type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { clampGrid, compact, type GridKey, keyboardStep, layoutRows, placeItem, sameGrid } from '../model/grid.ts';
import type { GridPos, Panel } from '../model/types.ts';
import { dragTarget, GRID_GAP_PX, gridGeometry, gridRect } from './grid-geometry.ts';

/** What a panel's content gets from the grid: its pixel size and the handles of its frame. */
export interface GridCellProps {
  readonly panel: Panel;
  readonly width: number;
  readonly height: number;
  /**
   * Give the element that starts a drag (the panel's header) `data-grid-handle="move"`; the grid
   * listens for the press. `onKeyDown` goes on a focusable control in it (arrows move, Shift+arrows resize).
   */
  readonly onMoveKey: (event: KeyboardEvent<HTMLElement>) => void;
}

interface Gesture {
  readonly id: string;
  readonly mode: 'move' | 'resize';
  readonly startX: number;
  readonly startY: number;
  readonly start: GridPos;
  readonly base: readonly Panel[];
}

const KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];

/**
 * Grafana's 24-column grid, hand-written: panels are moved by dragging their header and resized
 * by dragging their bottom-right corner (pointer events, so mouse, pen and touch), or from the
 * keyboard on a focused header: arrows move, Shift+arrows resize. While a gesture runs the
 * layout is previewed; when it ends `onLayout` receives the settled layout.
 */
export function DashboardGrid({
  panels,
  onLayout,
  renderPanel,
}: {
  panels: readonly Panel[];
  onLayout: (panels: Panel[], changedId: string) => void;
  renderPanel: (props: GridCellProps) => ReactNode;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [preview, setPreviewState] = useState<readonly Panel[] | null>(null);
  const previewRef = useRef<readonly Panel[] | null>(null);
  const setPreview = useCallback((next: readonly Panel[] | null) => {
    previewRef.current = next;
    setPreviewState(next);
  }, []);
  const gesture = useRef<Gesture | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const geometry = gridGeometry(width);
  const shown = preview ?? panels;

  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      if (event.button !== 0) return;
      const target = event.target as HTMLElement;
      const handle = target.closest<HTMLElement>('[data-grid-handle]');
      // A press on a control inside the header (an action button) is not a drag.
      if (!handle || target.closest('button:not(.dash-move), a, input, select, textarea, summary')) return;
      const mode = handle.dataset.gridHandle === 'resize' ? 'resize' : 'move';
      const id = handle.closest<HTMLElement>('[data-panel-id]')?.dataset.panelId;
      const panel = panels.find((p) => p.id === id);
      if (!panel || !id) return;
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      gesture.current = { id, mode, startX: event.clientX, startY: event.clientY, start: panel.grid, base: panels };
    },
    [panels],
  );

  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      const g = gesture.current;
      if (!g) return;
      const target = clampGrid(dragTarget(geometry, g.start, event.clientX - g.startX, event.clientY - g.startY, g.mode));
      const currentGrid = (previewRef.current ?? g.base).find((p) => p.id === g.id)?.grid;
      // Re-render only when the snapped cell changes, not on every pixel of the drag.
      if (currentGrid && sameGrid(currentGrid, target)) return;
      setPreview(placeItem(g.base, g.id, target));
    },
    [geometry, setPreview],
  );

  const end = useCallback(
    (event: PointerEvent<HTMLElement>) => {
      const g = gesture.current;
      if (!g) return;
      gesture.current = null;
      const target = event.target as Element;
      if (target.hasPointerCapture?.(event.pointerId)) target.releasePointerCapture(event.pointerId);
      const current = previewRef.current;
      setPreview(null);
      if (!current) return;
      const settled = compact(current);
      const moved = settled.find((p) => p.id === g.id);
      if (moved) setAnnouncement(describePos(moved));
      onLayout(settled, g.id);
    },
    [onLayout, setPreview],
  );

  const onKey = useCallback(
    (event: KeyboardEvent<HTMLElement>, id: string) => {
      if (!KEYS.includes(event.key)) return;
      event.preventDefault();
      const next = keyboardStep(panels, id, event.key as GridKey, event.shiftKey);
      const moved = next.find((p) => p.id === id);
      if (moved) setAnnouncement(describePos(moved));
      onLayout(next, id);
    },
    [panels, onLayout],
  );

  // A gesture interrupted by the panel list changing (a panel removed) is dropped.
  useEffect(() => {
    if (panels) {
      gesture.current = null;
      setPreview(null);
    }
  }, [panels, setPreview]);

  const rows = layoutRows(shown);
  return (
    <div
      ref={container}
      className="dash-grid"
      data-testid="dashboard-grid"
      // Presses on a panel's header or corner start a gesture; the element that captured the pointer gets its moves, and they bubble here.
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
      style={{ height: Math.max(1, rows) * geometry.stepY - GRID_GAP_PX + 40 }}
    >
      {width > 0 &&
        shown.map((panel) => {
          const rect = gridRect(geometry, panel.grid);
          const active = preview !== null && gesture.current?.id === panel.id;
          return (
            <div
              key={panel.id}
              className={`dash-cell${active ? ' dash-cell-active' : ''}`}
              data-testid={`panel-cell-${panel.id}`}
              data-panel-id={panel.id}
              data-grid={`${panel.grid.x},${panel.grid.y},${panel.grid.w},${panel.grid.h}`}
              style={{ transform: `translate(${rect.left}px, ${rect.top}px)`, width: rect.width, height: rect.height }}
            >
              {renderPanel({
                panel,
                width: rect.width,
                height: rect.height,
                onMoveKey: (event) => onKey(event, panel.id),
              })}
              {/* Pointer-only: the keyboard resizes with Shift+arrows on the header. */}
              <div className="dash-resize" data-testid={`panel-resize-${panel.id}`} data-grid-handle="resize" aria-hidden="true" />
            </div>
          );
        })}
      <div className="sr-only" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}

function describePos(panel: Panel): string {
  const g = panel.grid;
  return `${panel.title || 'Panel'}: column ${g.x + 1}, row ${g.y + 1}, ${g.w} columns wide, ${g.h} rows high.`;
}

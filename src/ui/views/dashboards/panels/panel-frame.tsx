import { memo, type ReactNode } from 'react';
import type { TidemarkClient } from '../../../../client/index.ts';
import { QueryError } from '../editor/query-error.tsx';
import type { GridCellProps } from '../grid/dashboard-grid.tsx';
import { ChartPanel } from './chart-panel.tsx';
import { StatPanel } from './stat-panel.tsx';
import { TablePanel } from './table-panel.tsx';
import { type PanelRequest, usePanelQuery } from './use-panel-query.ts';

/** Height of a panel's header, in pixels; the body gets the rest. */
export const PANEL_HEADER_PX = 32;

export interface PanelFrameProps extends GridCellProps {
  readonly client: TidemarkClient;
  readonly request: PanelRequest | null;
  readonly syncKey: string;
  readonly onEdit: (id: string) => void;
  readonly onDuplicate: (id: string) => void;
  readonly onRemove: (id: string) => void;
  readonly onZoom: (fromMs: number, toMs: number) => void;
  readonly onZoomOut: () => void;
}

/**
 * One panel: a header (drag it to move; focus it and use arrows to move, Shift+arrows to
 * resize) with the panel's actions, and its visualisation of its own query, which runs in the
 * worker and offers Cancel when it is slow.
 */
export const PanelFrame = memo(function PanelFrame(props: PanelFrameProps) {
  const { panel, width, height, onMoveKey, client, request } = props;
  const query = usePanelQuery(client, request);
  const bodyHeight = Math.max(20, height - PANEL_HEADER_PX - 2);
  const titleId = `panel-title-${panel.id}`;

  let body: ReactNode;
  if (query.error) body = <QueryError error={query.error} sql={request?.sql ?? panel.sql} />;
  else if (query.cancelled && !query.running)
    body = (
      <p className="dash-panel-note">
        The query was cancelled.{' '}
        <button type="button" className="link-button" onClick={query.retry}>
          Run again
        </button>
      </p>
    );
  else if (!query.result) body = <p className="dash-panel-note">{query.running ? 'Loading…' : 'Waiting for variables…'}</p>;
  else if (panel.visual.kind === 'stat')
    body = <StatPanel result={query.result} reducer={panel.visual.reducer} unit={panel.unit} thresholds={panel.thresholds} />;
  else if (panel.visual.kind === 'table') body = <TablePanel result={query.result} caption={panel.title} />;
  else
    body = (
      <ChartPanel
        result={query.result}
        xRange={query.window}
        style={panel.visual.style}
        unit={panel.unit}
        thresholds={panel.thresholds}
        syncKey={props.syncKey}
        width={width - 2}
        height={bodyHeight}
        title={panel.title}
        onZoom={props.onZoom}
        onZoomOut={props.onZoomOut}
      />
    );

  return (
    <section
      className="dash-panel"
      aria-labelledby={titleId}
      data-testid={`panel-${panel.id}`}
      data-state={query.running ? 'running' : 'idle'}
    >
      {/* The header is the panel's drag handle (the grid listens for the press); the ⠿ button is its keyboard alternative. */}
      <header className="dash-panel-header" data-grid-handle="move" data-testid={`panel-header-${panel.id}`}>
        <button
          type="button"
          className="dash-move"
          aria-label={`Move ${panel.title || 'panel'}: arrow keys move it, Shift with arrow keys resizes it`}
          aria-describedby="dash-grid-help"
          onKeyDown={onMoveKey}
          data-testid={`panel-move-${panel.id}`}
        >
          ⠿
        </button>
        <h3 id={titleId} className="dash-panel-title">
          {panel.title || 'Untitled panel'}
        </h3>
        {query.slow && (
          <button type="button" className="dash-cancel" onClick={query.cancel} data-testid={`panel-cancel-${panel.id}`}>
            Cancel
          </button>
        )}
        {query.running && <span className="dash-spinner" role="status" aria-label="Query running" />}
        <span className="dash-panel-actions">
          <button type="button" className="link-button" onClick={() => props.onEdit(panel.id)} aria-label={`Edit ${panel.title}`}>
            Edit
          </button>
          <button type="button" className="link-button" onClick={() => props.onDuplicate(panel.id)} aria-label={`Duplicate ${panel.title}`}>
            Duplicate
          </button>
          <button type="button" className="link-button" onClick={() => props.onRemove(panel.id)} aria-label={`Remove ${panel.title}`}>
            Remove
          </button>
        </span>
      </header>
      <div className="dash-panel-body" style={{ height: bodyHeight }}>
        {body}
      </div>
    </section>
  );
});

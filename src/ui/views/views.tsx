import type { ViewId } from '../shell/routes.ts';
import { DashboardsView } from './dashboards/dashboards-view.tsx';
import { ExploreView } from './explore/index.ts';
import { ImportView } from './import/index.ts';
import { StorageView } from './storage/index.ts';
import { ViewFrame } from './view-frame.tsx';

// Each view's content arrives with its own issue (Explore and Dashboards: the app issue;
// Import and Storage: the import issue; Logs: the log-analysis issue). Until then each says
// plainly what it will do, so nothing pretends to work.
const COPY: Record<ViewId, { title: string; purpose: string; coming: string }> = {
  explore: {
    title: 'Explore',
    purpose: 'Write Timestream SQL, run it against the in-browser engine, and chart the result live.',
    coming: 'The SQL editor and charts arrive with the query engine.',
  },
  dashboards: {
    title: 'Dashboards',
    purpose: 'Panels of live charts over your tables, with a shared time range.',
    coming: 'Dashboards arrive with the app issue.',
  },
  import: {
    title: 'Import',
    purpose: 'Drop CSV, JSON, InfluxDB line protocol or Prometheus files; map columns; import with progress.',
    coming: 'File import arrives with the import issue.',
  },
  logs: {
    title: 'Logs',
    purpose: 'Open log files, parse them into records, search and chart them.',
    coming: 'Log analysis arrives with its own issue.',
  },
  storage: {
    title: 'Storage',
    purpose: 'Databases and tables, their retention, and what each storage tier holds.',
    coming: 'Storage management arrives with the storage engine.',
  },
};

export function ActiveView({ view }: { view: ViewId }) {
  if (view === 'explore') return <ExploreView />;
  if (view === 'import') return <ImportView />;
  if (view === 'storage') return <StorageView />;
  const copy = COPY[view];
  if (view === 'dashboards') {
    return (
      <ViewFrame title={copy.title} purpose={copy.purpose}>
        <DashboardsView />
      </ViewFrame>
    );
  }
  return (
    <ViewFrame title={copy.title} purpose={copy.purpose}>
      <p className="empty-state" data-testid={`view-${view}`}>
        {copy.coming}
      </p>
    </ViewFrame>
  );
}

import { useState } from 'react';
import { DiagnosticsPanel } from './shell/diagnostics-panel.tsx';
import { NavBar } from './shell/nav-bar.tsx';
import { StatusLine } from './shell/status-line.tsx';
import { useHashRoute } from './shell/use-hash-route.ts';
import { useTheme } from './theme/use-theme.ts';
import { DropOverlay } from './views/import/index.ts';
import { ActiveView } from './views/views.tsx';

export function App() {
  const view = useHashRoute();
  const { choice, cycle } = useTheme();
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false);
  return (
    <div className="app">
      <NavBar active={view} themeChoice={choice} onCycleTheme={cycle} />
      <main className="main">
        <ActiveView view={view} />
      </main>
      <StatusLine onOpenDiagnostics={() => setDiagnosticsOpen(true)} />
      <DiagnosticsPanel open={diagnosticsOpen} onClose={() => setDiagnosticsOpen(false)} />
      <DropOverlay />
    </div>
  );
}

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEngine } from '../client/index.ts';
import { App } from './app.tsx';
import { EngineProvider } from './engine/engine-context.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

// One engine for the page's lifetime, started before React renders so it loads in parallel.
const client = startEngine();
// The engine is also reachable from the browser console (and from end-to-end tests) as
// `tidemark.call('db.query', { sql })`: the same typed client the UI uses, nothing more.
(globalThis as { tidemark?: typeof client }).tidemark = client;

createRoot(root).render(
  <StrictMode>
    <EngineProvider client={client}>
      <App />
    </EngineProvider>
  </StrictMode>,
);

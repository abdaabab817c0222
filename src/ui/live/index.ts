export { demoStatusText } from './demo-status-text.ts';
export { DemoStreamToggle, type DemoStreamToggleProps, DemoStreamToggleView } from './demo-stream-toggle.tsx';

export { DropOverlay } from './drop-overlay.tsx';
export { ImportView } from './import-view.tsx';

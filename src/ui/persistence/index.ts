/** The app's own state in IndexedDB (database tidemark-app). */
export * from './app-store.ts';

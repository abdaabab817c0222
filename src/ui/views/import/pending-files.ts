/**
 * Files dropped anywhere in the app (the shell's drop overlay) on their way to the Import view, which may not
 * be mounted yet: they wait here until it subscribes.
 */
type Listener = (files: readonly File[]) => void;

let waiting: File[] = [];
const listeners = new Set<Listener>();

export function offerFiles(files: readonly File[]): void {
  if (files.length === 0) return;
  if (listeners.size === 0) {
    waiting.push(...files);
    return;
  }
  for (const listener of listeners) listener(files);
}

export function subscribeToFiles(listener: Listener): () => void {
  listeners.add(listener);
  if (waiting.length > 0) {
    const files = waiting;
    waiting = [];
    listener(files);
  }
  return () => {
    listeners.delete(listener);
  };
}

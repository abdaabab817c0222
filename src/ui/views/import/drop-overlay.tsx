import { useEffect, useRef, useState } from 'react';
import { offerFiles } from './pending-files.ts';
import './import.css';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** A file field takes a drop itself (the Storage view's restore field, say): the overlay leaves it alone. */
function onFileField(event: DragEvent): boolean {
  return event.target instanceof HTMLInputElement && event.target.type === 'file';
}

/**
 * Drop files anywhere on the page: while files are dragged over the window an overlay says where they go;
 * a drop hands them to the Import view and opens it. A drop a view handles itself (it calls preventDefault)
 * is left alone.
 */
export function DropOverlay() {
  const [active, setActive] = useState(false);
  const depth = useRef(0);
  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current++;
      setActive(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event) || onFileField(event)) return;
      // Without this the browser would open the file instead of letting the page take it.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const drop = (event: DragEvent) => {
      depth.current = 0;
      setActive(false);
      if (event.defaultPrevented || !carriesFiles(event) || onFileField(event)) return;
      event.preventDefault();
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      offerFiles(files);
      if (!location.hash.startsWith('#/import')) location.hash = '#/import';
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!active) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-live="polite">
      <div className="drop-overlay-box">Drop files to import them</div>
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';

interface Request {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly resolve: (ok: boolean) => void;
}

/**
 * A modal confirmation (the native <dialog>: focus moves into it, Escape cancels, focus returns after).
 * `confirm(...)` resolves true only when the user presses the confirm button.
 */
export function useConfirm(): { confirm(title: string, message: string, confirmLabel: string): Promise<boolean>; dialog: React.ReactNode } {
  const [request, setRequest] = useState<Request | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (request && dialog && !dialog.open) dialog.showModal();
  }, [request]);
  const confirm = useCallback(
    (title: string, message: string, confirmLabel: string) =>
      new Promise<boolean>((resolve) => setRequest({ title, message, confirmLabel, resolve })),
    [],
  );
  const close = (ok: boolean) => {
    request?.resolve(ok);
    ref.current?.close();
    setRequest(null);
  };
  const dialog = request ? (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        close(false);
      }}
    >
      <h2 id="confirm-title">{request.title}</h2>
      <p>{request.message}</p>
      <div className="actions">
        <button type="button" onClick={() => close(false)} data-testid="confirm-cancel">
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => close(true)} data-testid="confirm-ok">
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  ) : null;
  return { confirm, dialog };
}

import { useEffect, useState } from 'preact/hooks';

export interface ToastMessage {
  id: number;
  text: string;
  actionLabel?: string;
  onAction?: () => void;
}

interface ToastProps {
  toast: ToastMessage | undefined;
  onDismiss: () => void;
  /** How long the toast stays; long enough to read it and reach the Undo button. */
  timeoutMs?: number;
}

/**
 * A bottom toast with an optional action (Undo). Its region is always in the DOM so screen
 * readers announce new toasts; it stays while the pointer or keyboard focus is on it.
 */
export function Toast({ toast, onDismiss, timeoutMs = 10_000 }: ToastProps) {
  const [isHeld, setIsHeld] = useState(false);

  useEffect(() => {
    if (!toast || isHeld) return undefined;
    const timer = setTimeout(onDismiss, timeoutMs);
    return () => clearTimeout(timer);
  }, [toast, isHeld, onDismiss, timeoutMs]);

  useEffect(() => setIsHeld(false), [toast]);

  return (
    <div class="recital-toast-region" role="status" aria-live="polite">
      {toast && (
        <div
          class="recital-toast"
          onMouseEnter={() => setIsHeld(true)}
          onMouseLeave={() => setIsHeld(false)}
          onFocusIn={() => setIsHeld(true)}
          onFocusOut={() => setIsHeld(false)}
        >
          <span class="recital-toast__text">{toast.text}</span>
          {toast.actionLabel && toast.onAction && (
            <button
              type="button"
              class="recital-button recital-button--inverse"
              onClick={toast.onAction}
            >
              {toast.actionLabel}
            </button>
          )}
          <button
            type="button"
            class="recital-button recital-button--ghost-inverse"
            onClick={onDismiss}
          >
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

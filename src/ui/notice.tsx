import type { ComponentChildren } from 'preact';

interface NoticeProps {
  tone: 'info' | 'success' | 'error';
  children: ComponentChildren;
  onDismiss?: () => void;
}

/** An inline message box; errors are announced at once (role=alert), others politely. */
export function Notice({ tone, children, onDismiss }: NoticeProps) {
  return (
    <div
      class={`recital-notice recital-notice--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      <div class="recital-notice__body">{children}</div>
      {onDismiss && (
        <button
          type="button"
          class="recital-button recital-button--ghost recital-button--small"
          onClick={onDismiss}
        >
          Dismiss
        </button>
      )}
    </div>
  );
}

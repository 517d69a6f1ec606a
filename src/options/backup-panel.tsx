import { useId, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { describeError } from './describe-error';
import type { RestoreStatus as Status } from './describe-restore';
import type { LibraryClient } from './library-client';
import { RestorePreview } from './restore-preview';
import { useBackupRestore } from './use-backup-restore';

interface BackupPanelProps {
  client: LibraryClient | undefined;
  isEmpty: boolean;
  onChanged: () => Promise<void>;
  /** A restore saved settings: the settings section shows them again. */
  onSettingsRestored: () => void;
}

function backupFileName(date = new Date()): string {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `recital-library-${day}.zip`;
}

/** Export the whole library to one file, and restore from such a file. */
export function BackupPanel({ client, isEmpty, onChanged, onSettingsRestored }: BackupPanelProps) {
  const id = useId();
  const [exporting, setExporting] = useState(false);
  const [status, setStatus] = useState<Status>();
  const { phase, pending, resultRef, readBackup, restore, cancel } = useBackupRestore({
    client,
    onChanged,
    onSettingsRestored,
    setStatus,
  });
  const busy = exporting || phase !== undefined;
  const isLocked = !client || busy || pending !== undefined;

  const exportLibrary = async (): Promise<void> => {
    if (!client) return;
    setExporting(true);
    setStatus({ tone: 'info', text: 'Preparing your backup…' });
    try {
      const bytes = await client.exportBackup();
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = backupFileName();
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the URL by now; a minute is ample before freeing it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setStatus({
        tone: 'success',
        text: `Saved ${link.download} to your downloads. Keep it somewhere safe: it holds your whole library.`,
      });
    } catch (e) {
      setStatus({ tone: 'error', text: describeError(e, 'exporting your library') });
    } finally {
      setExporting(false);
    }
  };

  return (
    <div class="recital-backup">
      <h3 class="recital-backup__title">Backup</h3>
      <div class="recital-backup__buttons">
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={!client || isEmpty || isLocked}
          onClick={exportLibrary}
        >
          {exporting ? 'Exporting…' : 'Export library'}
        </button>
        <span class="recital-file-button">
          <input
            id={`${id}-backup`}
            class="recital-visually-hidden"
            type="file"
            accept=".zip,application/zip"
            disabled={isLocked}
            onChange={(e) => void readBackup(e.currentTarget)}
          />
          <label
            for={`${id}-backup`}
            class="recital-button recital-button--secondary"
            aria-disabled={isLocked}
          >
            {phase === 'read' ? 'Reading backup…' : 'Import backup'}
          </label>
        </span>
      </div>
      <p class="recital-muted">
        A backup is one .zip file with all your documents, their details and your settings.
        Importing one shows what it would add and change first; it keeps what you already have.
      </p>
      {pending && (
        <RestorePreview
          fileName={pending.fileName}
          preview={pending.preview}
          isBusy={phase === 'restore'}
          onRestore={(apply) => void restore(apply)}
          onCancel={cancel}
        />
      )}
      <div aria-live="polite" ref={resultRef} tabIndex={-1}>
        {status && (
          <Notice tone={status.tone} onDismiss={busy ? undefined : () => setStatus(undefined)}>
            <p>{status.text}</p>
            {status.details && (
              <ul class="recital-notice__list">
                {status.details.map((detail, i) => (
                  <li key={i}>{detail}</li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </div>
    </div>
  );
}

import { useId, useState } from 'preact/hooks';
import { Notice } from '../ui/notice';
import { describeError } from './describe-error';
import type { BackupReport, LibraryClient } from './library-client';

interface BackupPanelProps {
  client: LibraryClient | undefined;
  isEmpty: boolean;
  onChanged: () => Promise<void>;
}

type Status = { tone: 'info' | 'success' | 'error'; text: string; details?: string[] };

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Sentences for a restore report, the good news first. */
export function describeBackupReport(report: BackupReport): Status {
  const parts: string[] = [];
  if (report.added > 0) parts.push(`Restored ${plural(report.added, 'document', 'documents')}.`);
  if (report.duplicates > 0)
    parts.push(
      report.duplicates === 1
        ? '1 document was already in your library, so it was left as it is.'
        : `${report.duplicates} documents were already in your library, so they were left as they are.`,
    );
  if (report.failed.length > 0)
    parts.push(`${plural(report.failed.length, 'document', 'documents')} could not be restored:`);
  if (parts.length === 0) parts.push('The backup held no documents, so nothing changed.');
  const status: Status = {
    tone: report.failed.length > 0 ? 'error' : 'success',
    text: parts.join(' '),
  };
  if (report.failed.length > 0)
    status.details = report.failed.map((f) => `“${f.title}”: ${f.message}`);
  return status;
}

function backupFileName(date = new Date()): string {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `recital-library-${day}.zip`;
}

/** Export the whole library to one file, and restore from such a file. */
export function BackupPanel({ client, isEmpty, onChanged }: BackupPanelProps) {
  const id = useId();
  const [busy, setBusy] = useState<'export' | 'import'>();
  const [status, setStatus] = useState<Status>();

  const exportLibrary = async (): Promise<void> => {
    if (!client) return;
    setBusy('export');
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
      setBusy(undefined);
    }
  };

  const importBackup = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (!client || !file) return;
    setBusy('import');
    setStatus({ tone: 'info', text: `Restoring from ${file.name}…` });
    try {
      const report = await client.importBackup(new Uint8Array(await file.arrayBuffer()));
      await onChanged();
      setStatus(describeBackupReport(report));
    } catch (e) {
      setStatus({ tone: 'error', text: describeError(e, `restoring from “${file.name}”`) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="recital-backup">
      <h3 class="recital-backup__title">Backup</h3>
      <div class="recital-backup__buttons">
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={!client || isEmpty || busy !== undefined}
          onClick={exportLibrary}
        >
          {busy === 'export' ? 'Exporting…' : 'Export library'}
        </button>
        <span class="recital-file-button">
          <input
            id={`${id}-backup`}
            class="recital-visually-hidden"
            type="file"
            accept=".zip,application/zip"
            disabled={!client || busy !== undefined}
            onChange={(e) => void importBackup(e.currentTarget)}
          />
          <label
            for={`${id}-backup`}
            class="recital-button recital-button--secondary"
            aria-disabled={!client || busy !== undefined}
          >
            {busy === 'import' ? 'Restoring…' : 'Import backup'}
          </label>
        </span>
      </div>
      <p class="recital-muted">
        A backup is one .zip file with all your documents and their details. Importing one adds what
        is missing and keeps what you already have.
      </p>
      <div aria-live="polite">
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

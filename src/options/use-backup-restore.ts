// The two steps of a restore: read the chosen backup into a preview, then restore what the user
// chose (or cancel). Nothing is written before the second step.
import { useRef, useState } from 'preact/hooks';
import { describeError } from './describe-error';
import {
  describeBackupReport,
  describeSettingChanges,
  type RestoreStatus,
} from './describe-restore';
import type { BackupPreview, LibraryClient } from './library-client';

interface BackupRestoreOptions {
  client: LibraryClient | undefined;
  onChanged: () => Promise<void>;
  onSettingsRestored: () => void;
  setStatus: (status: RestoreStatus | undefined) => void;
}

export function useBackupRestore({
  client,
  onChanged,
  onSettingsRestored,
  setStatus,
}: BackupRestoreOptions) {
  const [phase, setPhase] = useState<'read' | 'restore'>();
  const [pending, setPending] = useState<{ fileName: string; preview: BackupPreview }>();
  /** The polite live region the result is written to; focus goes there once the preview closes. */
  const resultRef = useRef<HTMLDivElement>(null);

  const readBackup = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (!client || !file) return;
    pending?.preview.cancel();
    setPending(undefined);
    setPhase('read');
    setStatus({ tone: 'info', text: `Reading ${file.name}…` });
    try {
      const preview = await client.previewBackup(new Uint8Array(await file.arrayBuffer()));
      setStatus(undefined);
      setPending({ fileName: file.name, preview });
    } catch (e) {
      setStatus({ tone: 'error', text: describeError(e, `reading “${file.name}”`) });
    } finally {
      setPhase(undefined);
    }
  };

  const restore = async (applySettings: boolean): Promise<void> => {
    if (!pending) return;
    setPhase('restore');
    const offered = describeSettingChanges(pending.preview.summary.settings).length;
    try {
      const report = await pending.preview.restore({ applySettings });
      await onChanged();
      if (report.settingsApplied) onSettingsRestored();
      setStatus(describeBackupReport(report, offered));
    } catch (e) {
      setStatus({ tone: 'error', text: describeError(e, `restoring from “${pending.fileName}”`) });
    } finally {
      setPending(undefined);
      setPhase(undefined);
      resultRef.current?.focus();
    }
  };

  const cancel = (): void => {
    pending?.preview.cancel();
    setPending(undefined);
    setStatus({ tone: 'info', text: 'Restore cancelled. Nothing changed.' });
    resultRef.current?.focus();
  };

  return { phase, pending, resultRef, readBackup, restore, cancel };
}

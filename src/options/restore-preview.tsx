import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatDate } from '../ui/format-date';
import {
  describeDocumentsToRestore,
  describeSettingChanges,
  describeSettingsNotRestored,
} from './describe-restore';
import type { BackupPreview } from './library-client';

interface RestorePreviewProps {
  fileName: string;
  preview: BackupPreview;
  isBusy: boolean;
  onRestore: (applySettings: boolean) => void;
  onCancel: () => void;
}

/**
 * What a backup would add and which settings it would change, before anything is written.
 * Settings change only when the user ticks the box: a backup never changes them by surprise.
 */
export function RestorePreview({
  fileName,
  preview,
  isBusy,
  onRestore,
  onCancel,
}: RestorePreviewProps) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [applySettings, setApplySettings] = useState(false);
  const { summary } = preview;
  const changes = describeSettingChanges(summary.settings);
  const notes = describeSettingsNotRestored(summary.settings);

  // The preview replaces the file button the user just used: take keyboard and reader focus here.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <div class="recital-restore" role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} ref={headingRef} tabIndex={-1} class="recital-restore__title">
        Restore from {fileName}?
      </h4>
      {summary.exportedAt > 0 && (
        <p class="recital-muted">Backup made on {formatDate(summary.exportedAt)}.</p>
      )}
      <p>{describeDocumentsToRestore(summary.toAdd, summary.skipped.length)}</p>
      {summary.unreadable.length > 0 && (
        <>
          <p>
            {summary.unreadable.length === 1
              ? '1 document in the backup cannot be restored:'
              : `${summary.unreadable.length} documents in the backup cannot be restored:`}
          </p>
          <ul class="recital-restore__list">
            {summary.unreadable.map((d, i) => (
              <li key={i}>
                “{d.title}”: {d.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {changes.length > 0 ? (
        <fieldset class="recital-restore__settings">
          <legend>Settings in the backup that differ from yours</legend>
          <ul class="recital-restore__list">
            {changes.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <label class="recital-settings__check">
            <input
              type="checkbox"
              checked={applySettings}
              disabled={isBusy}
              onChange={(e) => setApplySettings(e.currentTarget.checked)}
            />
            <span>
              {changes.length === 1
                ? 'Also apply this setting from the backup'
                : `Also apply these ${changes.length} settings from the backup`}
            </span>
          </label>
        </fieldset>
      ) : (
        notes.length === 0 && <p>The backup’s settings match yours.</p>
      )}
      {notes.map((note) => (
        <p key={note} class="recital-muted">
          {note}
        </p>
      ))}
      <div class="recital-backup__buttons">
        <button
          type="button"
          class="recital-button"
          disabled={isBusy}
          onClick={() => onRestore(applySettings)}
        >
          {isBusy ? 'Restoring…' : summary.toAdd.count > 0 ? 'Restore documents' : 'Restore'}
        </button>
        <button
          type="button"
          class="recital-button recital-button--secondary"
          disabled={isBusy}
          onClick={onCancel}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

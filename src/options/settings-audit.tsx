import { useState } from 'preact/hooks';
import type { SettingsGroupProps } from './settings-group';

/** Whether flagged replies are recorded, and for how long. */
export function SettingsAudit({ settings, save }: SettingsGroupProps) {
  const [retention, setRetention] = useState(String(settings.auditRetentionDays || 90));
  const retentionValue = Number(retention);
  const isRetentionValid =
    Number.isInteger(retentionValue) && retentionValue >= 1 && retentionValue <= 36500;
  return (
    <fieldset class="recital-card recital-settings__group">
      <legend class="recital-card__title">Audit log</legend>
      <label class="recital-settings__check">
        <input
          type="checkbox"
          checked={settings.auditEnabled}
          onChange={(e) => void save({ auditEnabled: e.currentTarget.checked })}
        />
        <span>
          Record every flagged reply
          <span class="recital-muted recital-settings__help">
            {' '}
            The site, the conversation address, the time, the reply and the copied passages, kept in
            this browser.
          </span>
        </span>
      </label>
      <div
        class="recital-settings__retention"
        role="radiogroup"
        aria-label="How long to keep records"
      >
        <label class="recital-settings__check">
          <input
            type="radio"
            name="retention"
            checked={settings.auditRetentionDays === 0}
            disabled={!settings.auditEnabled}
            onChange={() => void save({ auditRetentionDays: 0 })}
          />
          <span>Keep records until I clear them</span>
        </label>
        <label class="recital-settings__check">
          <input
            type="radio"
            name="retention"
            checked={settings.auditRetentionDays > 0}
            disabled={!settings.auditEnabled}
            onChange={() => isRetentionValid && void save({ auditRetentionDays: retentionValue })}
          />
          <span>Keep records for</span>
        </label>
        <input
          class="recital-input recital-settings__number"
          type="number"
          min={1}
          max={36500}
          aria-label="Days to keep records"
          aria-invalid={!isRetentionValid}
          disabled={!settings.auditEnabled}
          value={retention}
          onInput={(e) => setRetention(e.currentTarget.value)}
          onChange={() =>
            isRetentionValid &&
            settings.auditRetentionDays > 0 &&
            void save({ auditRetentionDays: retentionValue })
          }
        />
        <span>days</span>
      </div>
      <p class="recital-settings__help">
        <a href="/src/audit/index.html">Open the audit log</a> to filter, export or clear the
        records.
      </p>
    </fieldset>
  );
}

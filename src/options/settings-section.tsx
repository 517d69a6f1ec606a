import './settings.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { SITES } from '../content/sites/index';
import { DEFAULT_HIGHLIGHT_COLORS, type LibrarySettings } from '../library/store/index';
import { Notice } from '../ui/notice';
import { openSettingsClient, type SettingsClient } from './settings-client';

interface SettingsSectionProps {
  openClient?: () => Promise<SettingsClient>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Matching, sites, colours and the audit log; every change is saved and applied at once. */
export function SettingsSection({ openClient = openSettingsClient }: SettingsSectionProps) {
  const [client, setClient] = useState<SettingsClient>();
  const [settings, setSettings] = useState<LibrarySettings>();
  const [minWords, setMinWords] = useState('');
  const [retention, setRetention] = useState('');
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string>();

  const sectionRef = useRef<HTMLElement>(null);
  const isLoaded = settings !== undefined;

  // The popup links to #settings; the section renders after the page's hash scroll happened.
  useEffect(() => {
    if (isLoaded && location.hash === '#settings') {
      sectionRef.current?.scrollIntoView({ block: 'start' });
      sectionRef.current?.focus({ preventScroll: true });
    }
  }, [isLoaded]);

  useEffect(() => {
    openClient()
      .then(async (c) => {
        const s = await c.load();
        setClient(c);
        setSettings(s);
        setMinWords(String(s.minWords));
        setRetention(String(s.auditRetentionDays || 90));
      })
      .catch((e: unknown) =>
        setProblem(`Recital could not read its settings (${errorText(e)}). Reload this page.`),
      );
  }, [openClient]);

  const save = async (patch: Partial<LibrarySettings>): Promise<void> => {
    if (!client || !settings) return;
    const before = settings;
    // Optimistic, so a checkbox shows its new state at once; a failed save puts it back.
    setSettings({ ...settings, ...patch });
    setStatus('Saving…');
    try {
      const next = await client.save(patch);
      setSettings(next);
      setProblem(undefined);
      setStatus('Saved. Open chat tabs are updated.');
    } catch (e) {
      setSettings(before);
      setStatus('');
      setProblem(`That setting was not saved: ${errorText(e)}`);
    }
  };

  const minWordsValue = Number(minWords);
  const isMinWordsValid =
    Number.isInteger(minWordsValue) && minWordsValue >= 1 && minWordsValue <= 1000;
  const retentionValue = Number(retention);
  const isRetentionValid =
    Number.isInteger(retentionValue) && retentionValue >= 1 && retentionValue <= 36500;

  const removeSite = async (origin: string): Promise<void> => {
    if (!client) return;
    setStatus('Removing…');
    try {
      setSettings(await client.removeSite(origin));
      setProblem(undefined);
      setStatus(`Removed ${new URL(origin).host}.`);
    } catch (e) {
      setStatus('');
      setProblem(`The site was not removed: ${errorText(e)}`);
    }
  };

  const toggleSite = (id: string, isOn: boolean): void => {
    if (!settings) return;
    const off = new Set(settings.disabledSites);
    if (isOn) off.delete(id);
    else off.add(id);
    void save({ disabledSites: [...off] });
  };

  return (
    <section
      ref={sectionRef}
      id="settings"
      class="recital-section recital-settings"
      aria-labelledby="settings-title"
      tabIndex={-1}
    >
      <div class="recital-section__head">
        <h2 id="settings-title">Settings</h2>
        <p class="recital-section__count" role="status">
          {status}
        </p>
      </div>
      {problem && <Notice tone="error">{problem}</Notice>}
      {!settings && !problem && <p class="recital-muted">Loading your settings…</p>}
      {settings && (
        <div class="recital-settings__grid">
          <fieldset class="recital-card recital-settings__group">
            <legend class="recital-card__title">What to flag</legend>
            <div class="recital-field">
              <label class="recital-label" for="s-min-words">
                Shortest passage to flag <span class="recital-muted">(words, 1 to 1000)</span>
              </label>
              <input
                id="s-min-words"
                class="recital-input recital-settings__number"
                type="number"
                min={1}
                max={1000}
                step={1}
                value={minWords}
                aria-invalid={!isMinWordsValid}
                aria-describedby="s-min-words-help"
                onInput={(e) => setMinWords(e.currentTarget.value)}
                onChange={() =>
                  isMinWordsValid &&
                  minWordsValue !== settings.minWords &&
                  void save({ minWords: minWordsValue })
                }
              />
              <p
                id="s-min-words-help"
                class={
                  isMinWordsValid ? 'recital-muted recital-settings__help' : 'recital-field-error'
                }
              >
                {isMinWordsValid
                  ? 'Shorter runs of shared words are common phrases, not copying. 12 is a good start.'
                  : 'Enter a whole number from 1 to 1000.'}
              </p>
            </div>
            <label class="recital-settings__check">
              <input
                type="checkbox"
                checked={settings.includeNear}
                onChange={(e) => void save({ includeNear: e.currentTarget.checked })}
              />
              <span>
                Also flag near-verbatim passages
                <span class="recital-muted recital-settings__help">
                  {' '}
                  Copies with a few words changed, added or dropped.
                </span>
              </span>
            </label>
          </fieldset>

          <fieldset class="recital-card recital-settings__group">
            <legend class="recital-card__title">Chatbot sites</legend>
            <p class="recital-muted recital-settings__help">
              Recital checks replies only on the sites switched on here.
            </p>
            <ul class="recital-settings__sites">
              {SITES.map((site) => (
                <li key={site.id}>
                  <label class="recital-settings__check">
                    <input
                      type="checkbox"
                      checked={!settings.disabledSites.includes(site.id)}
                      onChange={(e) => toggleSite(site.id, e.currentTarget.checked)}
                    />
                    <span>{site.label}</span>
                  </label>
                </li>
              ))}
            </ul>
            <h3 class="recital-settings__subhead">Sites you enabled</h3>
            {settings.userSites.length === 0 ? (
              <p class="recital-muted recital-settings__help">
                None yet. On another chatbot, click Recital and choose “Enable Recital on this
                site”.
              </p>
            ) : (
              <ul class="recital-settings__user-sites">
                {settings.userSites.map((site) => (
                  <li key={site.origin} class="recital-settings__user-site">
                    <span>
                      {new URL(site.origin).host}{' '}
                      <code class="recital-muted">{site.replySelector}</code>
                    </span>
                    <button
                      type="button"
                      class="recital-button recital-button--ghost recital-button--small"
                      aria-label={`Remove ${new URL(site.origin).host}`}
                      onClick={() => void removeSite(site.origin)}
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>

          <fieldset class="recital-card recital-settings__group">
            <legend class="recital-card__title">Highlight colours</legend>
            <div class="recital-settings__colors">
              <label class="recital-settings__color" for="s-color-exact">
                <input
                  id="s-color-exact"
                  type="color"
                  value={settings.highlightColors.exact}
                  onChange={(e) =>
                    void save({
                      highlightColors: {
                        ...settings.highlightColors,
                        exact: e.currentTarget.value,
                      },
                    })
                  }
                />
                Exact copies
              </label>
              <label class="recital-settings__color" for="s-color-near">
                <input
                  id="s-color-near"
                  type="color"
                  value={settings.highlightColors.near}
                  onChange={(e) =>
                    void save({
                      highlightColors: { ...settings.highlightColors, near: e.currentTarget.value },
                    })
                  }
                />
                Near copies
              </label>
            </div>
            <div class="recital-settings__previews" aria-hidden="true">
              {(['light', 'dark'] as const).map((theme) => (
                <p
                  key={theme}
                  class={`recital-settings__preview recital-settings__preview--${theme}`}
                >
                  A reply with{' '}
                  <span
                    style={{
                      backgroundColor: `${settings.highlightColors.exact}6b`,
                      textDecoration: `underline solid ${settings.highlightColors.exact} 2px`,
                    }}
                  >
                    an exact copy
                  </span>{' '}
                  and{' '}
                  <span
                    style={{
                      backgroundColor: `${settings.highlightColors.near}4d`,
                      textDecoration: `underline dashed ${settings.highlightColors.near} 2px`,
                    }}
                  >
                    a near copy
                  </span>
                  .
                </p>
              ))}
            </div>
            <button
              type="button"
              class="recital-button recital-button--ghost recital-button--small"
              onClick={() => void save({ highlightColors: { ...DEFAULT_HIGHLIGHT_COLORS } })}
            >
              Restore the default colours
            </button>
          </fieldset>

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
                  The site, the conversation address, the time, the reply and the copied passages,
                  kept in this browser.
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
                  onChange={() =>
                    isRetentionValid && void save({ auditRetentionDays: retentionValue })
                  }
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
        </div>
      )}
    </section>
  );
}

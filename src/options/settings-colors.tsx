import { DEFAULT_HIGHLIGHT_COLORS } from '../library/store/index';
import type { SettingsGroupProps } from './settings-group';

/** The highlight colours, previewed on a light and a dark page, and whether to mark at all. */
export function SettingsColors({ settings, save }: SettingsGroupProps) {
  return (
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
          <p key={theme} class={`recital-settings__preview recital-settings__preview--${theme}`}>
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
      <label class="recital-settings__check">
        <input
          type="checkbox"
          checked={!settings.markReplies}
          onChange={(e) => void save({ markReplies: !e.currentTarget.checked })}
        />
        <span>
          Don't mark replies in the page
          <span class="recital-muted recital-settings__help">
            {' '}
            The chat page shows no highlights; the Recital button and its count still list every
            copied passage.
          </span>
        </span>
      </label>
    </fieldset>
  );
}

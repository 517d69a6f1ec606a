import { SITES } from '../sites/index';
import type { SettingsGroupProps } from './settings-group';

interface SettingsSitesProps extends SettingsGroupProps {
  removeSite: (origin: string) => Promise<void>;
}

/** The built-in sites switched on or off, and the sites the user enabled. */
export function SettingsSites({ settings, save, removeSite }: SettingsSitesProps) {
  const toggleSite = (id: string, isOn: boolean): void => {
    const off = new Set(settings.disabledSites);
    if (isOn) off.delete(id);
    else off.add(id);
    void save({ disabledSites: [...off] });
  };
  return (
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
          None yet. On another chatbot, click Recital and choose “Enable Recital on this site”.
        </p>
      ) : (
        <ul class="recital-settings__user-sites">
          {settings.userSites.map((site) => (
            <li key={site.origin} class="recital-settings__user-site">
              <span>
                {new URL(site.origin).host} <code class="recital-muted">{site.replySelector}</code>
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
  );
}

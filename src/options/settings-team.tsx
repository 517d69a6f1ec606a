import { useState } from 'preact/hooks';
import type { Result } from '../shared/result';
import { teamServerOrigin, type TeamCatalogueSettings } from '../shared/team-catalogue';
import { originPattern } from '../shared/user-sites';
import { Notice } from '../ui/notice';
import type { SettingsGroupProps } from './settings-group';
import { browserTeamAccess, type TeamAccess } from './team-access';

interface SettingsTeamProps extends SettingsGroupProps {
  access?: TeamAccess;
}

type Status = { tone: 'info' | 'success' | 'error'; text: string };

/** The connection test's failures, said as what to do about them. */
function checkStatus(result: Result<string>, host: string): Status {
  if (result.ok) return { tone: 'success', text: result.value };
  const { code, message } = result.error;
  const text: Record<string, string> = {
    unauthorized: `${host} refused the token (401). Check it with whoever runs the service.`,
    unreachable: `Recital could not reach ${host}: ${message}. Check the address and that the service runs.`,
    timeout: `${host} did not answer in time (${message}). Try again, or check the address.`,
    'not-recital': `${host} answered, but it is not a Recital catalogue service: ${message}.`,
    busy: `${host} is busy (429): too many requests. Try again in a moment.`,
    unavailable: `${host} is up, but cannot reach its catalogue (503). Try again later.`,
  };
  return { tone: 'error', text: text[code] ?? `The test failed: ${message}.` };
}

/** The service's address, with why plain http is refused (or what is wrong with it). */
function TeamUrlField({ url, setUrl }: { url: string; setUrl: (url: string) => void }) {
  const checked = teamServerOrigin(url.trim());
  const isValid = url.trim() === '' || 'origin' in checked;
  return (
    <div class="recital-field">
      <label class="recital-label" for="s-team-url">
        Service address
      </label>
      <input
        id="s-team-url"
        class="recital-input"
        type="url"
        placeholder="https://recital.example.com"
        value={url}
        aria-invalid={!isValid}
        aria-describedby="s-team-url-help"
        onInput={(e) => setUrl(e.currentTarget.value)}
      />
      <p
        id="s-team-url-help"
        class={isValid ? 'recital-muted recital-settings__help' : 'recital-field-error'}
      >
        {url.trim() !== '' && 'problem' in checked
          ? checked.problem
          : 'https only: replies and the token must not cross the network unencrypted. Plain http is allowed for localhost and 127.0.0.1, which never leave this computer.'}
      </p>
    </div>
  );
}

/** The team catalogue service: off by default; its address, token and the host permission. */
export function SettingsTeam({ settings, save, access = browserTeamAccess }: SettingsTeamProps) {
  const saved = settings.teamCatalogue;
  const [url, setUrl] = useState(saved.url);
  const [token, setToken] = useState(saved.token);
  const [status, setStatus] = useState<Status>();
  const draft: TeamCatalogueSettings = {
    enabled: saved.enabled,
    url: url.trim(),
    token: token.trim(),
  };
  const checked = teamServerOrigin(draft.url);
  const origin = 'origin' in checked ? checked.origin : undefined;
  const savedOrigin = saved.url === '' ? undefined : teamServerOrigin(saved.url);
  const oldOrigin = savedOrigin && 'origin' in savedOrigin ? savedOrigin.origin : undefined;
  const isDirty = draft.url !== saved.url || draft.token !== saved.token;
  // A site the user enabled on the same host shares the permission: it keeps it.
  const isShared = (o: string): boolean =>
    settings.userSites.some((site) => originPattern(site.origin) === originPattern(o));
  const giveBack = async (o: string | undefined): Promise<void> => {
    if (o !== undefined && !isShared(o)) await access.remove(o);
  };

  /** Asks for the permission first: the browser allows the prompt only during the click. */
  const apply = async (enabled: boolean): Promise<void> => {
    setStatus(undefined);
    if (enabled && (!origin || draft.token === '')) {
      setStatus({ tone: 'error', text: 'Enter the service’s address and token first.' });
      return;
    }
    if (enabled && origin && !(await access.request(origin))) {
      setStatus({ tone: 'error', text: `Recital needs your permission to connect to ${origin}.` });
      return;
    }
    await save({ teamCatalogue: { ...draft, enabled } });
    // Off, or moved to another server: the old origin's permission goes back.
    if (!enabled || oldOrigin !== origin) await giveBack(oldOrigin);
  };

  const test = async (): Promise<void> => {
    if (!origin || draft.token === '') {
      setStatus({ tone: 'error', text: 'Enter the service’s address and token first.' });
      return;
    }
    if (!(await access.request(origin))) {
      setStatus({ tone: 'error', text: `Recital needs your permission to connect to ${origin}.` });
      return;
    }
    setStatus({ tone: 'info', text: `Testing ${origin}…` });
    const result = await access.check(draft);
    setStatus(checkStatus(result, new URL(origin).host));
    // A test of a server the setting does not use leaves no permission behind.
    if (!(saved.enabled && oldOrigin === origin)) await giveBack(origin);
  };

  return (
    <fieldset class="recital-card recital-settings__group">
      <legend class="recital-card__title">Team catalogue</legend>
      <p class="recital-muted recital-settings__help">
        Also check replies against your team’s catalogue service (recital serve). When on, each
        finished reply’s text and your token go to that address, and nowhere else; when off, Recital
        sends nothing.
      </p>
      <label class="recital-settings__check">
        <input
          type="checkbox"
          checked={saved.enabled}
          onChange={(e) => void apply(e.currentTarget.checked)}
        />
        <span>Check replies against the team catalogue</span>
      </label>
      <TeamUrlField url={url} setUrl={setUrl} />
      <div class="recital-field">
        <label class="recital-label" for="s-team-token">
          Token
        </label>
        <input
          id="s-team-token"
          class="recital-input"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </div>
      <div class="recital-settings__actions">
        <button
          type="button"
          class="recital-button recital-button--secondary recital-button--small"
          onClick={() => void test()}
        >
          Test connection
        </button>
        <button
          type="button"
          class="recital-button recital-button--primary recital-button--small"
          disabled={!isDirty}
          onClick={() => void apply(saved.enabled)}
        >
          Save address and token
        </button>
      </div>
      {status && <Notice tone={status.tone}>{status.text}</Notice>}
    </fieldset>
  );
}

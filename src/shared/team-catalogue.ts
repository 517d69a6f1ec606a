// The "Team catalogue" setting: a Recital catalogue service (`recital serve`) the background asks
// about each finished reply, besides the local library. Off by default; nothing is sent while off.

export interface TeamCatalogueSettings {
  enabled: boolean;
  /** The service's base URL as the user typed it (trimmed); '' when none. */
  url: string;
  /** The service's bearer token; sent to `url`'s origin only. */
  token: string;
}

export const DEFAULT_TEAM_CATALOGUE: TeamCatalogueSettings = { enabled: false, url: '', token: '' };

/** Longest token accepted: the service's tokens are short; this only bounds what is stored. */
const MAX_TOKEN_CHARS = 4096;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * The origin of a catalogue URL, or an error sentence. Plain http only reaches this machine:
 * anywhere else the token and every reply would cross the network unencrypted.
 */
export function teamServerOrigin(url: string): { origin: string } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'Enter the service’s address, like https://recital.example.com.' };
  }
  if (parsed.username !== '' || parsed.password !== '')
    return { problem: 'Leave the user name and password out of the address; use the token.' };
  if (parsed.protocol === 'https:') return { origin: parsed.origin };
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname))
    return { origin: parsed.origin };
  if (parsed.protocol === 'http:')
    return { problem: 'Use https: plain http is allowed only for localhost and 127.0.0.1.' };
  return { problem: 'The address must start with https://.' };
}

/** The service's endpoint `path` (`/v1/scan`) under the base URL, keeping any path prefix. */
export function teamEndpoint(url: string, path: string): string {
  const base = new URL(url);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  base.search = '';
  base.hash = '';
  return base.href;
}

/** An error sentence for a setting that cannot be saved, or undefined when it is valid. */
export function teamCatalogueProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null)
    return 'The team catalogue setting is malformed.';
  const v = value as Partial<TeamCatalogueSettings>;
  if (typeof v.enabled !== 'boolean' || typeof v.url !== 'string' || typeof v.token !== 'string')
    return 'The team catalogue setting is malformed.';
  if (v.token.length > MAX_TOKEN_CHARS || /\p{Cc}/u.test(v.token))
    return 'The team catalogue token must be one line of at most 4096 characters.';
  if (v.url !== '') {
    const checked = teamServerOrigin(v.url);
    if ('problem' in checked) return checked.problem;
  }
  if (v.enabled && (v.url === '' || v.token === ''))
    return 'The team catalogue needs its address and token before it can be turned on.';
  return undefined;
}

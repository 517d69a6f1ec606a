// The one client of the team catalogue service (`recital serve`, docs/scale.md): the background's
// reply scans and the options page's "Test connection" both go through it. It sends the text it
// is given and the token, to the configured origin only; every failure is a Result, never a throw.
import { isRecord } from './is-record';
import { err, ok, type Result } from './result';
import { teamEndpoint, teamServerOrigin, type TeamCatalogueSettings } from './team-catalogue';

/** One match the service found: raw UTF-16 offsets into the text sent, end exclusive. */
export interface TeamMatch {
  replyStart: number;
  replyEnd: number;
  /** The catalogue's id of the source document. */
  source: string;
  sourceStart: number;
  sourceEnd: number;
  words: number;
  kind: 'exact' | 'near';
  score: number;
  title: string;
  author?: string;
  /** The start of the passage as the service quotes it (at most 200 characters). */
  excerpt: string;
}

export type TeamFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface TeamClientOptions {
  fetch: TeamFetch;
  /** A request with no answer by then is abandoned: 'timeout'. */
  timeoutMs: number;
}

/** Longest field kept from the service's answer: the popup shows a title, not a book. */
const MAX_FIELD_CHARS = 500;

const isOffset = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isShortText = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_FIELD_CHARS;

/** One match of the answer, checked field by field; undefined when any field is unusable. */
function toTeamMatch(value: unknown, textLength: number): TeamMatch | undefined {
  if (!isRecord(value)) return undefined;
  const { replyStart, replyEnd, source, sourceStart, sourceEnd, words, kind, score } = value;
  const { title, author, excerpt } = value;
  if (!isOffset(replyStart) || !isOffset(replyEnd) || replyStart >= replyEnd) return undefined;
  if (replyEnd > textLength || !isOffset(sourceStart) || !isOffset(sourceEnd)) return undefined;
  if (!isShortText(source) || !isShortText(title) || !isOffset(words)) return undefined;
  if ((kind !== 'exact' && kind !== 'near') || typeof score !== 'number' || !isFinite(score))
    return undefined;
  return {
    replyStart,
    replyEnd,
    source,
    sourceStart,
    sourceEnd,
    words,
    kind,
    score,
    title: title === '' ? source : title,
    ...(isShortText(author) && author !== '' && { author }),
    excerpt: isShortText(excerpt) ? excerpt : '',
  };
}

/** The sentence for an HTTP status the service answered with (not 200). */
function statusProblem(status: number): Result<never> {
  if (status === 401) return err('unauthorized', 'the server refused the token (401)');
  if (status === 429) return err('busy', 'the server is busy (429); the next reply tries again');
  if (status === 503)
    return err('unavailable', 'the server cannot reach its catalogue right now (503)');
  if (status === 413) return err('too-large', 'the reply is larger than the server accepts (413)');
  return err(
    'not-recital',
    `the address answered HTTP ${status}; is it a Recital catalogue service?`,
  );
}

async function request(
  url: string,
  init: RequestInit,
  { fetch, timeoutMs }: TeamClientOptions,
): Promise<Result<unknown>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // No cookies or cached answers: the token is the only credential, and answers are per reply.
    const response = await fetch(url, {
      ...init,
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
    if (response.status !== 200) return statusProblem(response.status);
    try {
      return ok(await response.json());
    } catch {
      return err(
        'not-recital',
        'the address answered, but not with JSON; is it a Recital service?',
      );
    }
  } catch (e) {
    if (controller.signal.aborted)
      return err('timeout', `no answer within ${Math.round(timeoutMs / 1000)} s`);
    const why = e instanceof Error ? e.message : String(e);
    return err('unreachable', `${new URL(url).origin} did not answer (${why})`);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks the service about `text` (a reply, never library text). */
export async function scanTeamCatalogue(
  settings: TeamCatalogueSettings,
  text: string,
  options: TeamClientOptions,
): Promise<Result<TeamMatch[]>> {
  if ('problem' in teamServerOrigin(settings.url))
    return err('bad-url', 'the team catalogue address is not valid');
  const answer = await request(
    teamEndpoint(settings.url, '/v1/scan'),
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${settings.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text }),
    },
    options,
  );
  if (!answer.ok) return answer;
  const matches = isRecord(answer.value) ? answer.value.matches : undefined;
  if (!Array.isArray(matches))
    return err('not-recital', 'the answer has no matches list; is it a Recital service?');
  return ok(
    matches.flatMap((m) => {
      const match = toTeamMatch(m, text.length);
      return match ? [match] : [];
    }),
  );
}

/** A few words the "Test connection" scan sends: nothing of the user's. */
const TEST_TEXT = 'Recital connection test.';

/**
 * "Test connection": the service's health, then a scan of a tiny text with the token. Resolves
 * with a sentence for the user either way.
 */
export async function checkTeamServer(
  settings: TeamCatalogueSettings,
  options: TeamClientOptions,
): Promise<Result<string>> {
  if ('problem' in teamServerOrigin(settings.url))
    return err('bad-url', 'the team catalogue address is not valid');
  const health = await request(
    teamEndpoint(settings.url, '/v1/health'),
    { method: 'GET' },
    options,
  );
  if (!health.ok && health.error.code === 'unavailable')
    return err('unavailable', 'the service answers, but cannot reach its catalogue (503)');
  if (!health.ok) return health;
  if (!isRecord(health.value) || health.value.status !== 'ok')
    return err('not-recital', 'the address answered, but not like a Recital catalogue service');
  const scan = await scanTeamCatalogue(settings, TEST_TEXT, options);
  if (!scan.ok) return scan;
  return ok('Connected: the service answered and accepted the token.');
}

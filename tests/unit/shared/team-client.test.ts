import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TEAM_CATALOGUE,
  teamCatalogueProblem,
  teamEndpoint,
  teamServerOrigin,
} from '../../../src/shared/team-catalogue';
import {
  checkTeamServer,
  scanTeamCatalogue,
  type TeamFetch,
} from '../../../src/shared/team-client';

const TEAM = { enabled: true, url: 'https://team.example.com/', token: 'tok' };
const TEXT = 'one two three four five six seven eight';
const MATCH = {
  replyStart: 4,
  replyEnd: 13,
  source: 'doc-1',
  sourceStart: 10,
  sourceEnd: 19,
  words: 2,
  kind: 'exact',
  score: 4,
  title: 'A Book',
  author: null,
  sharedBy: 1,
  excerpt: 'two three',
};

const answering =
  (status: number, body: unknown): TeamFetch =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

afterEach(() => vi.useRealTimers());

describe('teamServerOrigin', () => {
  it.each([
    ['https://team.example.com/base', 'https://team.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:9/', 'http://127.0.0.1:9'],
  ])('accepts %s', (url, origin) => {
    expect(teamServerOrigin(url)).toEqual({ origin });
  });

  it.each([
    ['http://team.example.com', 'plain http is allowed only'],
    ['ftp://team.example.com', 'must start with https'],
    ['team.example.com', 'Enter the service'],
    ['https://me:pw@team.example.com', 'user name'],
    ['', 'Enter the service'],
  ])('refuses %j', (url, why) => {
    const checked = teamServerOrigin(url);
    expect('problem' in checked && checked.problem).toContain(why);
  });

  it('keeps a path prefix in endpoints and drops query and fragment', () => {
    expect(teamEndpoint('https://h.example/recital/?x=1#y', '/v1/scan')).toBe(
      'https://h.example/recital/v1/scan',
    );
  });

  it('refuses to save it on without an address and token, or with a multi-line token', () => {
    expect(teamCatalogueProblem(DEFAULT_TEAM_CATALOGUE)).toBeUndefined();
    expect(teamCatalogueProblem({ ...TEAM, token: '' })).toContain('needs its address and token');
    expect(teamCatalogueProblem({ ...TEAM, token: 'a\nb' })).toContain('one line');
    expect(teamCatalogueProblem({ ...TEAM, url: 'http://evil.example' })).toContain('https');
    expect(teamCatalogueProblem({ enabled: 'yes' })).toContain('malformed');
  });
});

describe('scanTeamCatalogue', () => {
  it('posts the text alone as JSON with the bearer token, without cookies or redirects', async () => {
    const fetch = vi.fn<TeamFetch>(answering(200, { matches: [MATCH] }));
    const result = await scanTeamCatalogue(TEAM, TEXT, { fetch, timeoutMs: 1000 });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('https://team.example.com/v1/scan');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error' });
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(init?.body))).toEqual({ text: TEXT });
    expect(result).toEqual({
      ok: true,
      value: [
        {
          replyStart: 4,
          replyEnd: 13,
          source: 'doc-1',
          sourceStart: 10,
          sourceEnd: 19,
          words: 2,
          kind: 'exact',
          score: 4,
          title: 'A Book',
          excerpt: 'two three',
        },
      ],
    });
  });

  it('drops matches whose fields it cannot use (offsets beyond the text, unknown kind)', async () => {
    const bad = [
      { ...MATCH, replyEnd: TEXT.length + 1 },
      { ...MATCH, replyStart: 13, replyEnd: 4 },
      { ...MATCH, kind: 'fuzzy' },
      { ...MATCH, title: 5 },
      'nonsense',
    ];
    const fetch = answering(200, { matches: [...bad, MATCH] });
    const result = await scanTeamCatalogue(TEAM, TEXT, { fetch, timeoutMs: 1000 });
    expect(result.ok && result.value.map((m) => m.source)).toEqual(['doc-1']);
  });

  it.each([
    [401, {}, 'unauthorized', 'refused the token'],
    [429, {}, 'busy', '429'],
    [503, {}, 'unavailable', '503'],
    [413, {}, 'too-large', '413'],
    [404, {}, 'not-recital', 'HTTP 404'],
    [200, '<html>hello</html>', 'not-recital', 'not with JSON'],
    [200, { hello: 'world' }, 'not-recital', 'no matches list'],
  ])('maps HTTP %i %j to %s', async (status, body, code, message) => {
    const result = await scanTeamCatalogue(TEAM, TEXT, {
      fetch: answering(status, body),
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toContain(message);
    }
  });

  it('says a server that cannot be reached did not answer', async () => {
    const fetch: TeamFetch = async () => Promise.reject(new TypeError('Failed to fetch'));
    const result = await scanTeamCatalogue(TEAM, TEXT, { fetch, timeoutMs: 1000 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unreachable',
        message: 'https://team.example.com did not answer (Failed to fetch)',
      },
    });
  });

  it('abandons a request with no answer when its time is up', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const fetch: TeamFetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        signal = init.signal ?? undefined;
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const pending = scanTeamCatalogue(TEAM, TEXT, { fetch, timeoutMs: 8000 });
    await vi.advanceTimersByTimeAsync(7999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'no answer within 8 s' },
    });
  });

  it('sends nothing for an address that is not allowed', async () => {
    const fetch = vi.fn<TeamFetch>(answering(200, { matches: [] }));
    const result = await scanTeamCatalogue({ ...TEAM, url: 'http://team.example.com' }, TEXT, {
      fetch,
      timeoutMs: 1000,
    });
    expect(result.ok).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('checkTeamServer', () => {
  /** Answers health and scan separately. */
  const server =
    (health: [number, unknown], scan: [number, unknown]): TeamFetch =>
    async (url) => {
      const [status, body] = url.endsWith('/v1/health') ? health : scan;
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
    };

  it.each([
    ['a working service and token', [200, { status: 'ok' }], [200, { matches: [] }], 'ok'],
    ['a wrong token', [200, { status: 'ok' }], [401, {}], 'unauthorized'],
    ['a service without its cluster', [503, { status: 'x' }], [200, {}], 'unavailable'],
    ['another web server', [200, '<html></html>'], [200, {}], 'not-recital'],
    ['another JSON server', [200, { status: 'fine' }], [200, {}], 'not-recital'],
    ['a busy service', [429, {}], [200, {}], 'busy'],
  ] as const)('reports %s', async (_name, health, scan, code) => {
    const result = await checkTeamServer(TEAM, {
      fetch: server(health as [number, unknown], scan as [number, unknown]),
      timeoutMs: 1000,
    });
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
  });
});

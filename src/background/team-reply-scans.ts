// When and how often a reply goes to the team catalogue: once its text is complete (never per
// streamed token), at most MAX_TEAM_REQUESTS_PER_REPLY times (a regenerated or edited reply), and
// never while the setting is off. While a reply streams, the answer for an earlier complete text
// of it still holds for the words it covers.
import { hashString } from '../core/index';
import type { Result } from '../shared/result';
import type { TeamCatalogueSettings } from '../shared/team-catalogue';
import type { TeamMatch } from '../shared/team-client';

/** Requests one reply may cause on a page: its first complete text and a few rewrites. */
export const MAX_TEAM_REQUESTS_PER_REPLY = 4;
/** A request with no answer by then is dropped; the reply keeps its local spans. */
export const TEAM_REQUEST_TIMEOUT_MS = 8_000;
/**
 * Replies whose last answer is kept, across rescans (a library change re-sends every reply; only
 * a changed text is asked again). A long session's oldest ones are asked again if re-sent.
 */
const MAX_REMEMBERED_REPLIES = 1000;

interface ReplyEntry {
  /** The text last asked about (its length and hash: replies can be megabytes) and the server. */
  length: number;
  hash: number;
  server: string;
  answer: Promise<Result<TeamMatch[]>>;
  requests: number;
}

export interface TeamReplyScansDeps {
  settings: () => Promise<TeamCatalogueSettings>;
  scan: (settings: TeamCatalogueSettings, text: string) => Promise<Result<TeamMatch[]>>;
}

const isPrefix = (entry: ReplyEntry, text: string): boolean =>
  text.length >= entry.length && hashString(text.slice(0, entry.length)) === entry.hash;

export function createTeamReplyScans(deps: TeamReplyScansDeps) {
  const replies = new Map<string, ReplyEntry>();
  let problem: string | undefined;

  const remember = (key: string, entry: ReplyEntry): void => {
    replies.delete(key);
    replies.set(key, entry);
    for (const old of replies.keys()) {
      if (replies.size <= MAX_REMEMBERED_REPLIES) break;
      replies.delete(old);
    }
  };

  /** The matches of an answer, when it is for a text the current one starts with. */
  const heldFor = async (entry: ReplyEntry | undefined, text: string, server: string) => {
    if (!entry || entry.server !== server || !isPrefix(entry, text)) return undefined;
    const answer = await entry.answer;
    return answer.ok ? answer.value : undefined;
  };

  return {
    /**
     * The team catalogue's matches for a reply's text, asked for only when the setting is on and
     * the text is complete; `undefined` when there are none to show. Never rejects.
     */
    async matchesFor(
      replyKey: string,
      text: string,
      isComplete: boolean,
    ): Promise<TeamMatch[] | undefined> {
      const settings = await deps.settings().catch(() => undefined);
      if (!settings?.enabled) {
        problem = undefined;
        return undefined;
      }
      const server = `${settings.url}\n${settings.token}`;
      const entry = replies.get(replyKey);
      const sameText =
        entry?.server === server && entry.length === text.length && isPrefix(entry, text);
      if (!isComplete || sameText || (entry?.requests ?? 0) >= MAX_TEAM_REQUESTS_PER_REPLY)
        return heldFor(entry, text, server);
      const answer = deps.scan(settings, text).then((result) => {
        problem = result.ok ? undefined : result.error.message;
        return result;
      });
      const requests = entry?.server === server ? entry.requests + 1 : 1;
      remember(replyKey, { length: text.length, hash: hashString(text), server, answer, requests });
      const result = await answer;
      return result.ok ? result.value : undefined;
    },

    /** A new page in the tab: its replies (whose ids may repeat the old page's) start afresh. */
    pageOpened(tabId: number): void {
      for (const key of replies.keys()) if (key.startsWith(`${tabId}:`)) replies.delete(key);
    },

    /** Why the last request failed, until one succeeds or the setting is off. */
    problem(): string | undefined {
      return problem;
    },
  };
}

import type { ScanResult } from '../core/index';
import type { TeamMatch } from '../shared/team-client';
import type { ReplyMatcher } from './content-handlers';

/** The last scan of a reply: its text and the full core spans (sources, offsets, edits). */
export interface ReplyDetail {
  text: string;
  result: ScanResult;
  /** The team catalogue's matches shown beside the local ones (none while it is off). */
  team?: TeamMatch[];
}

export type ReplyDetails = ReturnType<typeof createReplyDetails>;

/**
 * Keeps each reply's last full scan, keyed like the matcher (`replyKeyOf`). The tab state keeps
 * only what a content script may see; the popup and the audit log need the sources too.
 */
export function createReplyDetails() {
  const details = new Map<string, ReplyDetail>();
  return {
    /** A matcher that records every scan it returns. */
    wrap(matcher: ReplyMatcher): ReplyMatcher {
      return {
        async scanReply(key, text, keep) {
          const result = await matcher.scanReply(key, text, keep);
          details.set(key, { text, result });
          return result;
        },
        readReply: (key, text, keep) => matcher.readReply(key, text, keep),
        forgetReply(key) {
          details.delete(key);
          matcher.forgetReply(key);
        },
      };
    },
    get(key: string): ReplyDetail | undefined {
      return details.get(key);
    },
    /** The team matches shown with the reply's last scan, when it was of `text`. */
    keepTeam(key: string, text: string, team: TeamMatch[]): void {
      const detail = details.get(key);
      if (detail?.text === text) detail.team = team;
    },
    forget(key: string): void {
      details.delete(key);
    },
  };
}

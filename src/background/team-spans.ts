// A reply's team catalogue matches beside its local ones: one list of spans for the page, with
// the local library first wherever both found the same words.
import { hashString, type Span } from '../core/index';
import type { PopupSpan, ReplySpan } from '../shared/messages';
import type { TeamMatch } from '../shared/team-client';

const overlaps = (a: { replyStart: number; replyEnd: number }, b: typeof a): boolean =>
  a.replyStart < b.replyEnd && b.replyStart < a.replyEnd;

/**
 * The team matches that add something: none overlapping a local span (the local card shows the
 * passage itself, the team one only an excerpt) or a stronger team match. In reply order.
 */
export function teamMatchesBeside(local: readonly Span[], team: readonly TeamMatch[]): TeamMatch[] {
  const kept: TeamMatch[] = [];
  for (const match of [...team].sort((a, b) => b.score - a.score))
    if (!local.some((s) => overlaps(s, match)) && !kept.some((k) => overlaps(k, match)))
      kept.push(match);
  return kept.sort((a, b) => a.replyStart - b.replyStart);
}

/** Span ids of team matches: named by catalogue source and position, never by text. */
export function teamSpanIds(team: readonly TeamMatch[]): string[] {
  const seen = new Map<string, number>();
  return team.map((match) => {
    const id = `t${hashString(`${match.source}:${match.sourceStart}`).toString(36)}`;
    // The same catalogue passage copied twice in a reply: ids stay unique within the reply.
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n > 0 ? `${id}-${n}` : id;
  });
}

/** Local and team spans as the page may know them (offsets and kinds), in reply order. */
export function mergeReplySpans(
  local: readonly ReplySpan[],
  team: readonly TeamMatch[],
): ReplySpan[] {
  const ids = teamSpanIds(team);
  const fromTeam = team.map((m, i) => ({
    spanId: ids[i] ?? '',
    replyStart: m.replyStart,
    replyEnd: m.replyEnd,
    kind: m.kind,
  }));
  return [...local, ...fromTeam].sort((a, b) => a.replyStart - b.replyStart);
}

/** The popup's cards of a reply's team matches: what the service told, labelled as the team's. */
export function describeTeamSpans(team: readonly TeamMatch[], replyText: string): PopupSpan[] {
  const ids = teamSpanIds(team);
  return team.map((m, i) => ({
    spanId: ids[i] ?? '',
    kind: m.kind,
    words: m.words,
    score: m.score,
    // The service does not say; the card shows its excerpt, not a word diff.
    edits: 0,
    replyText: replyText.slice(m.replyStart, m.replyEnd),
    sharedBy: 1,
    source: {
      docId: m.source,
      title: m.title,
      ...(m.author !== undefined && { author: m.author }),
      sourceStart: m.sourceStart,
      sourceEnd: m.sourceEnd,
      percent: -1,
      before: '',
      passage: m.excerpt,
      after: '',
    },
    diff: [],
    origin: 'team',
  }));
}

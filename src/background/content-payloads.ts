// The one check of every field of every content-script message. A content script runs inside a
// page the user does not control: whatever it sends is checked against the sender the browser
// vouches for (its tab and page URL) before anything is stored or scanned.
import type { ContentToBackground, ReplyTextChange } from '../shared/messages';
import { isRecord } from '../shared/is-record';
import { isPracticePageUrl, PRACTICE_SITE_ID } from '../shared/practice-page';
import { isReplyId } from '../shared/reply-id';
import { err, ok, type Result } from '../shared/result';
import { isReplySelector, isSiteOrigin, originOf } from '../shared/user-sites';
import { matchesPattern, SITES } from '../sites/index';
import { MAX_RECEIVED_REPLY_CHARS } from './scan-limits';

/**
 * Largest reply text accepted at all (scan-limits.ts says why); a longer one is an error. Up to
 * it, a reply is scanned up to MAX_SCANNED_REPLY_CHARS and the popup says so.
 */
export const MAX_REPLY_CHARS = MAX_RECEIVED_REPLY_CHARS;
const MAX_URL_CHARS = 4096;
/** More replies than any conversation shows; the popup prints the number. */
const MAX_REPLY_COUNT = 1_000_000;

type Request<K extends keyof ContentToBackground> = ContentToBackground[K]['request'];

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/**
 * True for an http(s) URL of the sender's own page. A port's sender URL is the page's URL when
 * the port opened; an SPA navigation since (history.pushState, a fragment) changes the path but
 * never the origin, so the origin is what must match.
 */
export function isPageUrlOf(url: unknown, senderUrl: string): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL_CHARS) return false;
  // The practice chat (an extension page the router vouched for) reports its own address.
  if (isPracticePageUrl(senderUrl)) return url.split('#')[0] === senderUrl.split('#')[0];
  const origin = originOf(url);
  return origin !== undefined && origin === originOf(senderUrl);
}

/**
 * True for the id of the site adapter that runs on the sender's page: a built-in adapter whose
 * match patterns cover it, or the generic adapter of its host (whether the user still has that
 * site enabled is the handlers' question: its tabs keep the script until reloaded).
 */
export function isSiteOfPage(siteId: unknown, senderUrl: string): siteId is string {
  if (typeof siteId !== 'string') return false;
  if (siteId === PRACTICE_SITE_ID || isPracticePageUrl(senderUrl))
    return siteId === PRACTICE_SITE_ID && isPracticePageUrl(senderUrl);
  if (siteId.startsWith('generic:')) {
    const origin = originOf(senderUrl);
    return origin !== undefined && siteId === `generic:${new URL(origin).host}`;
  }
  const site = SITES.find((s) => s.id === siteId);
  return site !== undefined && site.matches.some((pattern) => matchesPattern(pattern, senderUrl));
}

function isTextChange(value: unknown): value is ReplyTextChange {
  if (!isRecord(value)) return false;
  if (value.kind === 'whole')
    return typeof value.text === 'string' && value.text.length <= MAX_REPLY_CHARS;
  return (
    value.kind === 'tail' &&
    isCount(value.baseRevision) &&
    isCount(value.baseLength, MAX_REPLY_CHARS) &&
    isCount(value.keep, value.baseLength) &&
    typeof value.tail === 'string' &&
    value.keep + value.tail.length <= MAX_REPLY_CHARS
  );
}

/** The fields every page message shares: the adapter of the sender's page and its URL. */
function checkPage(
  payload: Record<string, unknown>,
  senderUrl: string,
  type: string,
): Result<{ siteId: string; url: string }> {
  if (!isSiteOfPage(payload.siteId, senderUrl))
    return err('bad-payload', `${type}: siteId is not the site of the sending page.`);
  if (!isPageUrlOf(payload.url, senderUrl))
    return err('bad-payload', `${type}: url must be an http(s) URL of the sending page.`);
  return ok({ siteId: payload.siteId, url: payload.url });
}

export function checkPageOpened(
  payload: unknown,
  senderUrl: string,
): Result<Request<'pageOpened'>> {
  if (!isRecord(payload)) return err('bad-payload', 'pageOpened needs siteId and url.');
  return checkPage(payload, senderUrl, 'pageOpened');
}

export function checkPageScanned(
  payload: unknown,
  senderUrl: string,
): Result<Request<'pageScanned'>> {
  if (!isRecord(payload)) return err('bad-payload', 'pageScanned needs siteId, url, replyCount.');
  const page = checkPage(payload, senderUrl, 'pageScanned');
  if (!page.ok) return page;
  if (!isCount(payload.replyCount, MAX_REPLY_COUNT))
    return err('bad-payload', 'pageScanned: replyCount must be a whole number ≥ 0.');
  const { repliesMissing } = payload;
  if (repliesMissing !== undefined && typeof repliesMissing !== 'boolean')
    return err('bad-payload', 'pageScanned: repliesMissing must be true or false.');
  return ok({
    ...page.value,
    replyCount: payload.replyCount,
    ...(repliesMissing ? { repliesMissing: payload.replyCount === 0 } : {}),
  });
}

export function checkReplyChanged(
  payload: unknown,
  senderUrl: string,
): Result<Request<'replyChanged'>> {
  if (!isRecord(payload))
    return err('bad-payload', 'replyChanged needs replyId, revision, change and isComplete.');
  const page = checkPage(payload, senderUrl, 'replyChanged');
  if (!page.ok) return page;
  const { replyId, revision, change, isComplete } = payload;
  if (!isReplyId(replyId))
    return err('bad-payload', 'replyChanged: replyId must be 1 to 512 printable characters.');
  if (!isCount(revision)) return err('bad-payload', 'replyChanged: revision must be ≥ 0.');
  if (typeof isComplete !== 'boolean')
    return err('bad-payload', 'replyChanged: isComplete must be true or false.');
  if (isRecord(change) && changedLength(change) > MAX_REPLY_CHARS)
    return err('too-large', 'Reply too long to scan.');
  if (!isTextChange(change))
    return err('bad-payload', 'replyChanged: change must be a whole text or a tail within it.');
  return ok({ ...page.value, replyId, revision, change, isComplete });
}

/** Length of the text after a change, for the size limit's own error. */
function changedLength(change: Record<string, unknown>): number {
  const length = (s: unknown): number => (typeof s === 'string' ? s.length : 0);
  if (change.kind === 'whole') return length(change.text);
  return (typeof change.keep === 'number' ? change.keep : 0) + length(change.tail);
}

export function checkReplyPicked(
  payload: unknown,
  senderUrl: string,
): Result<Request<'replyPicked'>> {
  if (
    !isRecord(payload) ||
    !isSiteOrigin(payload.origin) ||
    !isReplySelector(payload.replySelector) ||
    !isCount(payload.matchCount, MAX_REPLY_COUNT)
  )
    return err('bad-payload', 'replyPicked needs an origin, a reply selector and a match count.');
  // A page may only choose the selector of its own origin.
  if (originOf(senderUrl) !== payload.origin)
    return err('forbidden-sender', 'A page can only pick replies of its own site.');
  const { origin, replySelector, matchCount } = payload;
  return ok({ origin, replySelector, matchCount });
}

// Ids that cross between the content script and the background: bounded and printable, so a
// page cannot grow the background's maps with megabyte keys or smuggle control characters into
// the audit log.
// core/hash, not core/index: the content script bundles only the hash, not the matcher.
import { hashString } from '../core/hash';

/** Longest reply id the background accepts. */
export const MAX_REPLY_ID_CHARS = 512;

/** What {@link boundedReplyId} keeps of a long id: room for its hash and a `#n` suffix. */
const KEPT_PREFIX_CHARS = 400;

const UNPRINTABLE = /[\p{Cc}\p{Cs}]/u;

/** True for a reply id the background accepts: 1 to 512 UTF-16 units, no control characters. */
export function isReplyId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_REPLY_ID_CHARS &&
    !UNPRINTABLE.test(value)
  );
}

/**
 * `id` when the background accepts it; else its printable prefix plus a hash of the whole id, so
 * a reply whose site id is huge or odd is still scanned (under a stable id) instead of rejected.
 */
export function boundedReplyId(id: string): string {
  if (isReplyId(id) && id.length <= KEPT_PREFIX_CHARS + 20) return id;
  const prefix = id.slice(0, KEPT_PREFIX_CHARS).replace(new RegExp(UNPRINTABLE, 'gu'), '_');
  return `${prefix}~${hashString(id).toString(36)}`;
}

/** True for a span id as the background makes them (content-handlers' spanIdOf: base-36 hash, `-n`). */
export function isSpanId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-z]{1,16}(?:-\d{1,6})?$/.test(value);
}

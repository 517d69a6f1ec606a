import type { ReplyTextChange } from './messages';

/** A reply text the background answered with `scanned`: the text of message `revision`. */
export interface HeldText {
  revision: number;
  text: string;
}

/** Code units compared at once by `===` before the last, unequal piece is compared unit by unit. */
const PREFIX_CHUNK = 1024;

/** Length of the longest common prefix of `a` and `b`, in UTF-16 code units. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  // `===` on slices is a native memory compare, far cheaper than startsWith or a charCodeAt loop.
  if (a.slice(0, n) === b.slice(0, n)) return n;
  let i = 0;
  while (i + PREFIX_CHUNK <= n && a.slice(i, i + PREFIX_CHUNK) === b.slice(i, i + PREFIX_CHUNK))
    i += PREFIX_CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The change that turns `held` (what the background holds) into `text`: the part after their
 * common prefix, or the whole text when nothing is held or nothing of it is kept.
 */
export function describeTextChange(held: HeldText | undefined, text: string): ReplyTextChange {
  if (!held) return { kind: 'whole', text };
  let keep = commonPrefixLength(held.text, text);
  // Never split a surrogate pair: Chromium's messaging turns a lone surrogate into U+FFFD.
  if (keep > 0 && isHighSurrogate(text.charCodeAt(keep - 1))) keep--;
  if (keep === 0 && held.text !== '') return { kind: 'whole', text };
  return {
    kind: 'tail',
    baseRevision: held.revision,
    baseLength: held.text.length,
    keep,
    tail: text.slice(keep),
  };
}

/**
 * The whole text after `change`, or `undefined` when a `tail` change builds on a text other
 * than `held` (another revision or length, or none): the sender must send the text whole.
 */
export function applyTextChange(
  held: HeldText | undefined,
  change: ReplyTextChange,
): string | undefined {
  if (change.kind === 'whole') return change.text;
  if (
    !held ||
    held.revision !== change.baseRevision ||
    held.text.length !== change.baseLength ||
    change.keep > change.baseLength
  )
    return undefined;
  return change.keep === held.text.length
    ? held.text + change.tail
    : held.text.slice(0, change.keep) + change.tail;
}

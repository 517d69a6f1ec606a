import { ONLY_SPACE, type ReplyText } from './reply-text';

/**
 * The text {@link readReplyText} would read after changes that only appended text nodes right
 * after `previous`'s last text node, in the same parent, or changed that node's text (a
 * streaming reply's usual frame): `previous` plus their text, with no walk of the DOM.
 * `undefined` for any other change, and when a changed text is empty or only whitespace (the
 * reader keeps or drops such text by what precedes it): read the reply instead.
 *
 * Sound because a text node decides nothing but its own text: no element or attribute changed,
 * so what the reader leaves out and where it breaks lines is as before, and nothing readable
 * follows the last text node.
 *
 * @param previous The read before the changes (of the same roots, with the same exclusions).
 * @param changed Added nodes and characterData targets since that read (as {@link ReadCache.beginRead}).
 * @param parents Targets of childList mutations since that read.
 * @param removed Nodes those mutations removed.
 */
export function appendToReplyText(
  previous: ReplyText,
  changed: readonly Node[],
  parents: readonly Node[],
  removed: readonly Node[],
): ReplyText | undefined {
  const segments = previous.segments;
  const last = segments[segments.length - 1];
  if (!last || removed.length > 0 || changed.length === 0) return undefined;
  const node = last.node;
  const parent = node.parentNode;
  if (parent === null) return undefined;
  for (const target of parents) if (target !== parent) return undefined;
  // The last text node's later siblings: each must be a text node the changes added.
  const appended: Text[] = [];
  for (let sibling = node.nextSibling; sibling; sibling = sibling.nextSibling) {
    if (sibling.nodeType !== 3) return undefined;
    appended.push(sibling as Text);
  }
  const isAppended = new Set<Node>(appended);
  let isLastChanged = false;
  for (const target of changed) {
    if (target === node) isLastChanged = true;
    else if (!isAppended.has(target)) return undefined;
  }
  for (const sibling of appended) if (!changed.includes(sibling)) return undefined;
  let text = previous.text;
  const next = segments.slice();
  if (isLastChanged) {
    const data = node.data;
    if (data === '' || ONLY_SPACE.test(data)) return undefined;
    text = text.slice(0, last.start) + data;
    next[next.length - 1] = { node, start: last.start, end: last.start + data.length };
  }
  for (const sibling of appended) {
    const data = sibling.data;
    if (data === '') continue;
    if (ONLY_SPACE.test(data)) return undefined;
    const start = text.length;
    text += data;
    next.push({ node: sibling, start, end: start + data.length });
  }
  return { text, segments: next };
}

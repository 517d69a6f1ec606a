import { Window } from 'happy-dom';

/** Loads an HTML page into an inert happy-dom Document (no scripts, no network). */
export function loadHtml(html: string, url = 'https://example.com/'): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
    },
  });
  // Parsed straight into the window's document: DOMParser documents are inert too, but their
  // Ranges misbehave in happy-dom (setEnd collapses the start).
  const document = window.document;
  document.write(html);
  return document as unknown as Document;
}

/** Applies `mutate` and returns the records a MutationObserver on the whole document saw. */
export async function recordMutations(
  doc: Document,
  mutate: (doc: Document) => void,
): Promise<MutationRecord[]> {
  const records: MutationRecord[] = [];
  const Observer = (doc.defaultView as unknown as { MutationObserver: typeof MutationObserver })
    .MutationObserver;
  const observer = new Observer((batch) => records.push(...batch));
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
  });
  mutate(doc);
  await new Promise((resolve) => setTimeout(resolve, 0));
  observer.disconnect();
  return records;
}

/**
 * Applies `mutate` and returns what a MutationObserver saw, as ReadCache.beginRead takes it:
 * the nodes that changed, the parents whose children changed, and the nodes removed.
 */
export async function observeMutations(
  doc: Document,
  mutate: (doc: Document) => void,
): Promise<{ changed: Node[]; parents: Node[]; removed: Node[] }> {
  const records = await recordMutations(doc, mutate);
  return {
    changed: records.flatMap((r) =>
      r.type === 'childList' ? Array.from(r.addedNodes) : [r.target],
    ),
    parents: records.filter((r) => r.type === 'childList').map((r) => r.target),
    removed: records.flatMap((r) => Array.from(r.removedNodes)),
  };
}

/**
 * Words as a reader compares them: lower case, U+200B removed, split on anything that is not a
 * letter, mark or number (so punctuation, pipes and tabs never count).
 */
function wordsOf(text: string): string[] {
  return text
    .replace(/\u200b/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** True when `actual` starts with the words of `expected` (its last word may be cut short). */
export function startsWithWords(actual: string, expected: string): boolean {
  const want = wordsOf(expected);
  const have = wordsOf(actual);
  return want.every((word, i) =>
    i === want.length - 1 ? (have[i] ?? '').startsWith(word) : have[i] === word,
  );
}

/** True when `actual` ends with the words of `expected` (its first word may be cut short). */
export function endsWithWords(actual: string, expected: string): boolean {
  const want = wordsOf(expected);
  const have = wordsOf(actual);
  const shift = have.length - want.length;
  if (shift < 0) return false;
  return want.every((word, i) =>
    i === 0 ? (have[shift] ?? '').endsWith(word) : have[shift + i] === word,
  );
}

// The document page's address, built by the library and the popup and read by the page itself.
// The hash holds an id and offsets only, never passage text: the page reads the text from the
// library in this browser.

/** The extension-relative path of the document page (vite.config.ts builds it). */
const DOCUMENT_PAGE = '/src/document/index.html';

export interface DocumentTarget {
  docId: string;
  /** A passage to show: UTF-16 offsets into the text, end exclusive. */
  range?: { from: number; to: number };
}

/** `…/document/index.html#doc=<id>[&from=<start>&to=<end>]`, usable as an href in any extension page. */
export function documentHref(docId: string, range?: { from: number; to: number }): string {
  const params = new URLSearchParams({ doc: docId });
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
  return `${DOCUMENT_PAGE}#${params.toString()}`;
}

const offset = (value: string | null): number | undefined =>
  value !== null && /^\d{1,10}$/.test(value) ? Number(value) : undefined;

/** What a hash asks for; undefined when it names no document. A malformed range is left out. */
export function parseDocumentHash(hash: string): DocumentTarget | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const docId = params.get('doc');
  if (!docId) return undefined;
  const from = offset(params.get('from'));
  const to = offset(params.get('to'));
  return from !== undefined && to !== undefined && to > from
    ? { docId, range: { from, to } }
    : { docId };
}

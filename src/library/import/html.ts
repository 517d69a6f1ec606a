import { decodeText } from './decode-text';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

export interface HtmlText {
  text: string;
  title?: string | undefined;
  author?: string | undefined;
}

const SKIPPED = wordSet(`
  script style nav head noscript template svg math iframe object embed canvas audio video
  button select textarea`);

const BLOCKS = wordSet(`
  address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption
  figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p pre section summary
  table tbody tfoot thead tr ul`);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function importHtml(source: ImportSource): ImportedDocument {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed) throw wrongFormatError('a web page (.html)', sniffed);
  const markup = decodeText(source.bytes, declaredCharset(source.bytes));
  const page = htmlToText(parseMarkup(markup, 'text/html'));
  return makeDocument({ ...page, format: 'html' }, source.name);
}

// Used only when the bytes are not UTF-8: `<meta charset="…">` or the http-equiv form.
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

/** Parses markup with the platform DOMParser; XHTML that is not well-formed falls back to HTML. */
export function parseMarkup(markup: string, type: 'text/html' | 'application/xhtml+xml'): Document {
  const parser = new DOMParser();
  if (type === 'application/xhtml+xml') {
    const doc = parser.parseFromString(markup, type);
    if (doc.getElementsByTagName('parsererror').length === 0) return doc;
  }
  return parser.parseFromString(markup, 'text/html');
}

/** The text a reader sees, one paragraph per block element, plus title and author. */
export function htmlToText(doc: Document): HtmlText {
  const root = doc.getElementsByTagName('body')[0] ?? doc.documentElement;
  const title = firstText(doc, 'title') || firstText(doc, 'h1');
  const author = Array.from(doc.getElementsByTagName('meta'))
    .find((meta) => meta.getAttribute('name')?.toLowerCase() === 'author')
    ?.getAttribute('content');
  return {
    text: root ? collectParagraphs(root).join('\n\n') : '',
    title,
    author: author ?? undefined,
  };
}

function firstText(doc: Document, tagName: string): string | undefined {
  return (
    doc.getElementsByTagName(tagName)[0]?.textContent?.replace(/\s+/g, ' ').trim() || undefined
  );
}

type Step = { node: Node; isInPre: boolean } | { closesBlock: true };

// Iterative walk: a deeply nested page must not overflow the stack.
function collectParagraphs(root: Element): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const paragraph = current
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '')
      .join('\n');
    if (paragraph !== '') paragraphs.push(paragraph);
    current = '';
  };
  const stack: Step[] = [{ node: root, isInPre: false }];
  for (let step = stack.pop(); step; step = stack.pop()) {
    if ('closesBlock' in step) {
      flush();
      continue;
    }
    const { node, isInPre } = step;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      const data = (node as CharacterData).data;
      current += isInPre ? data : data.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const name = (node as Element).localName.toLowerCase();
    if (SKIPPED.has(name)) continue;
    if (name === 'br') {
      current += '\n';
      continue;
    }
    if (name === 'td' || name === 'th') current += ' ';
    const isBlock = BLOCKS.has(name);
    if (isBlock) {
      flush();
      stack.push({ closesBlock: true });
    }
    // Sibling links, not childNodes[i]: happy-dom indexes its NodeList in linear time, which
    // made this walk quadratic in a parent's child count under test.
    for (let child = node.lastChild; child; child = child.previousSibling)
      stack.push({ node: child, isInPre: isInPre || name === 'pre' });
  }
  flush();
  return paragraphs;
}

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/));
}

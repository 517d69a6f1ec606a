// One linear pass over HTML or XML markup, the reader behind both the HTML/EPUB text and the
// package metadata: the same code in the extension's import and in the Node CLI, which has no
// DOMParser. It tokenizes only; what the tags mean is the caller's (html.ts, find-xml-elements.ts).
import { decodeEntities } from './html-entities';

export type MarkupMode = 'html' | 'xml';

export interface MarkupHandler {
  /** Character data with its references decoded (CDATA sections as written). */
  text(data: string): void;
  /** `name` in lower case for HTML, as written for XML; attributes likewise. */
  startTag(name: string, attributes: ReadonlyMap<string, string>, isSelfClosing: boolean): void;
  endTag(name: string): void;
}

// HTML elements whose content is text up to their own end tag, never markup.
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
]);
const ESCAPABLE_RAW_TEXT = new Set(['textarea', 'title']);

const NAME_END = /[\s/>]/g;
const SPACES = /\s*/y;
const ATTRIBUTE_NAME = /[^\s/>][^\s/>=]*/y;
const UNQUOTED_VALUE = /[^\s>]*/y;

/**
 * Calls `handler` for each piece of `markup` in document order; every character is read a bounded
 * number of times. Comments, doctypes and processing instructions are dropped; a tag cut off by
 * the end of the text is dropped, as a browser drops it.
 */
export function tokenizeMarkup(markup: string, mode: MarkupMode, handler: MarkupHandler): void {
  const isHtml = mode === 'html';
  let at = 0;
  while (at < markup.length) {
    const open = markup.indexOf('<', at);
    const textEnd = open === -1 ? markup.length : open;
    if (textEnd > at) handler.text(decodeEntities(markup.slice(at, textEnd)));
    if (open === -1) return;
    const next = markup.charCodeAt(open + 1);
    if (isLetter(next)) {
      at = readStartTag(markup, open, isHtml, handler);
    } else if (next === 0x2f /* / */ && isLetter(markup.charCodeAt(open + 2))) {
      NAME_END.lastIndex = open + 2;
      const nameEnd = NAME_END.exec(markup)?.index ?? markup.length;
      const name = markup.slice(open + 2, nameEnd);
      const close = skipAttributes(markup, nameEnd);
      if (close === -1) return;
      handler.endTag(isHtml ? name.toLowerCase() : name);
      at = close + 1;
    } else if (markup.startsWith('<!--', open)) {
      const end = markup.indexOf('-->', open + 4);
      at = end === -1 ? markup.length : end + 3;
    } else if (markup.startsWith('<![CDATA[', open) && !isHtml) {
      const end = markup.indexOf(']]>', open + 9);
      handler.text(markup.slice(open + 9, end === -1 ? markup.length : end));
      at = end === -1 ? markup.length : end + 3;
    } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || next === 0x2f) {
      const end = markup.indexOf('>', open + 2);
      at = end === -1 ? markup.length : end + 1;
    } else {
      handler.text('<');
      at = open + 1;
    }
  }
}

// Returns where reading goes on: after the tag, or after a raw-text element's end tag.
function readStartTag(
  markup: string,
  open: number,
  isHtml: boolean,
  handler: MarkupHandler,
): number {
  NAME_END.lastIndex = open + 1;
  const nameEnd = NAME_END.exec(markup)?.index ?? markup.length;
  const written = markup.slice(open + 1, nameEnd);
  const name = isHtml ? written.toLowerCase() : written;
  const attributes = new Map<string, string>();
  const close = skipAttributes(markup, nameEnd, (key, value) => {
    const attribute = isHtml ? key.toLowerCase() : key;
    if (!attributes.has(attribute)) attributes.set(attribute, value);
  });
  if (close === -1) return markup.length;
  const isSelfClosing = markup.charCodeAt(close - 1) === 0x2f;
  handler.startTag(name, attributes, isSelfClosing);
  if (!isHtml || !RAW_TEXT.has(name)) return close + 1;
  const endTag = new RegExp(`</${name}[\\s/>]`, 'gi');
  endTag.lastIndex = close + 1;
  const end = endTag.exec(markup)?.index ?? markup.length;
  const raw = markup.slice(close + 1, end);
  if (raw !== '') handler.text(ESCAPABLE_RAW_TEXT.has(name) ? decodeEntities(raw) : raw);
  handler.endTag(name);
  if (end === markup.length) return end;
  const after = skipAttributes(markup, end + 2 + name.length);
  return after === -1 ? markup.length : after + 1;
}

/** The index of the `>` that closes a tag whose attributes start at `at`; -1 at the end of text. */
function skipAttributes(
  markup: string,
  at: number,
  onAttribute?: (name: string, value: string) => void,
): number {
  let position = at;
  while (position < markup.length) {
    SPACES.lastIndex = position;
    SPACES.exec(markup);
    position = SPACES.lastIndex;
    const code = markup.charCodeAt(position);
    if (code === 0x3e /* > */) return position;
    if (code === 0x2f /* / */) {
      position++;
      continue;
    }
    if (Number.isNaN(code)) return -1;
    ATTRIBUTE_NAME.lastIndex = position;
    const name = ATTRIBUTE_NAME.exec(markup)?.[0] ?? markup.charAt(position);
    position += name.length;
    SPACES.lastIndex = position;
    SPACES.exec(markup);
    let value = '';
    if (markup.charCodeAt(SPACES.lastIndex) === 0x3d /* = */) {
      SPACES.lastIndex++;
      SPACES.exec(markup);
      position = SPACES.lastIndex;
      const quote = markup.charAt(position);
      if (quote === '"' || quote === "'") {
        const end = markup.indexOf(quote, position + 1);
        if (end === -1) return -1;
        value = markup.slice(position + 1, end);
        position = end + 1;
      } else {
        UNQUOTED_VALUE.lastIndex = position;
        value = UNQUOTED_VALUE.exec(markup)?.[0] ?? '';
        position += value.length;
      }
    }
    onAttribute?.(name, decodeEntities(value, true));
  }
  return -1;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

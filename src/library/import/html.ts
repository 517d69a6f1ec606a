import { decodeText } from './decode-text';
import { makeDocument } from './make-document';
import { tokenizeMarkup, type MarkupMode } from './markup-tokens';
import { sniffFormat, wrongFormatError } from './sniff-format';
import type { ImportedDocument, ImportSource } from './types';

export interface HtmlText {
  text: string;
  title?: string | undefined;
  author?: string | undefined;
}

const SKIPPED = wordSet(`
  script style nav head noscript template svg math iframe object embed canvas audio video
  button select textarea title`);

const BLOCKS = wordSet(`
  address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption
  figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main ol p pre section summary
  table tbody tfoot thead tr ul`);

// Elements that never hold content, in HTML and in the sloppy XHTML some EPUBs carry.
const VOID = wordSet(`
  area base br col embed hr img input link meta param source track wbr`);

export function importHtml(source: ImportSource): ImportedDocument {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed) throw wrongFormatError('a web page (.html)', sniffed);
  const markup = decodeText(source.bytes, declaredCharset(source.bytes));
  const page = htmlToText(markup, 'html');
  return makeDocument({ ...page, format: 'html' }, source.name);
}

// Used only when the bytes are not UTF-8: `<meta charset="…">` or the http-equiv form.
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

/**
 * The text a reader sees, one paragraph per block element, plus the first <title> (else the
 * first <h1>) and <meta name="author">. `mode` is 'xml' for XHTML, where `<x/>` closes itself.
 */
export function htmlToText(markup: string, mode: MarkupMode): HtmlText {
  const page = new PageText();
  tokenizeMarkup(markup, mode, {
    text: (data) => page.text(data),
    startTag: (name, attributes, isSelfClosing) => {
      const local = localNameOf(name).toLowerCase();
      if (local === 'meta' && attributes.get('name')?.toLowerCase() === 'author')
        page.author ??= attributes.get('content');
      page.open(local, isSelfClosing && mode === 'xml');
    },
    endTag: (name) => page.close(localNameOf(name).toLowerCase()),
  });
  return page.finish();
}

// The open elements as a stack with a count per name, so that an end tag without its start tag
// costs nothing and the walk stays linear however the tags nest or fail to.
class PageText {
  author: string | undefined;
  private readonly paragraphs: string[] = [];
  private current = '';
  private readonly stack: string[] = [];
  private readonly openCounts = new Map<string, number>();
  private skipped = 0;
  private inPre = 0;
  private title: string | undefined;
  private heading: string | undefined;
  private capture: { name: 'title' | 'h1'; depth: number; text: string } | undefined;

  text(data: string): void {
    if (this.capture) this.capture.text += data;
    if (this.skipped > 0) return;
    this.current += this.inPre > 0 ? data : data.replace(/\s+/g, ' ');
  }

  open(name: string, isSelfClosing: boolean): void {
    if (name === 'br') {
      if (this.skipped === 0) this.current += '\n';
      return;
    }
    if (name === 'body') this.closeHead();
    if (name === 'td' || name === 'th') this.current += ' ';
    if (BLOCKS.has(name)) this.flush();
    if (VOID.has(name) || isSelfClosing) return;
    this.stack.push(name);
    this.openCounts.set(name, (this.openCounts.get(name) ?? 0) + 1);
    if (SKIPPED.has(name)) this.skipped++;
    if (name === 'pre') this.inPre++;
    const isFirst =
      (name === 'title' && this.title === undefined) ||
      (name === 'h1' && this.heading === undefined);
    if (isFirst && !this.capture)
      this.capture = { name: name as 'title' | 'h1', depth: this.stack.length, text: '' };
  }

  close(name: string): void {
    // A browser reads </br> as <br>.
    if (name === 'br') return this.open(name, false);
    if (!this.openCounts.get(name)) {
      if (BLOCKS.has(name)) this.flush();
      return;
    }
    for (let popped = this.pop(); popped !== name; popped = this.pop());
  }

  finish(): HtmlText {
    while (this.stack.length > 0) this.pop();
    this.flush();
    return {
      text: this.paragraphs.join('\n\n'),
      title: this.title || this.heading,
      author: this.author,
    };
  }

  // Text after the head's end is the body's even when </head> is missing.
  private closeHead(): void {
    if (!this.openCounts.get('head')) return;
    for (let popped = this.pop(); popped !== 'head'; popped = this.pop());
  }

  private pop(): string | undefined {
    const name = this.stack.pop();
    if (name === undefined) return undefined;
    if (this.capture && this.stack.length < this.capture.depth) {
      const text = this.capture.text.replace(/\s+/g, ' ').trim() || undefined;
      if (this.capture.name === 'title') this.title = text ?? '';
      else this.heading = text ?? '';
      this.capture = undefined;
    }
    this.openCounts.set(name, (this.openCounts.get(name) ?? 1) - 1);
    if (SKIPPED.has(name)) this.skipped--;
    if (name === 'pre') this.inPre--;
    if (BLOCKS.has(name)) this.flush();
    return name;
  }

  private flush(): void {
    const paragraph = this.current
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '')
      .join('\n');
    if (paragraph !== '') this.paragraphs.push(paragraph);
    this.current = '';
  }
}

function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/));
}

/// <reference types="vite/client" />
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import { ImportError, type ImportedDocument, type ImportSource } from './types';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

// The legacy build: the modern one needs Promise.withResolvers (Chrome 119+, Node 22+), while the
// manifest allows Chrome 116 and the tests run on Node 20.
type Pdfjs = typeof PdfjsModule;

interface Line {
  text: string;
  y: number;
}

const CORRUPT_MESSAGE =
  'This PDF is damaged or incomplete, so Recital cannot read it. Download or export the PDF again, and import the new file.';
const ENCRYPTED_MESSAGE =
  'This PDF is password-protected. Open it, remove the password (for example Print > Save as PDF), and import it again.';
const EMPTY_MESSAGE =
  'This PDF has no selectable text; it is probably a scan or a picture of pages. Import the document it was made from (for example the Word file) instead, or run it through a text-recognition (OCR) tool first.';

const SENTENCE_END = /[.!?:;"”’»)\]]$/;

let pdfjsLoading: Promise<Pdfjs> | undefined;

// Loaded on first use so that the other importers do not pay for pdf.js.
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoading ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // In Node pdf.js runs its worker in-process and has already chosen it; an extension page
    // needs a same-origin worker file because the CSP is script-src 'self'.
    if (!pdfjs.GlobalWorkerOptions.workerSrc && !pdfjs.GlobalWorkerOptions.workerPort) {
      const { default: workerUrl } = await import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url');
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      // Inside the import worker pdf.js cannot start its own (it reads window.location): it runs
      // its worker code in this thread, which is already off the page's, as the CLI does.
      if (typeof document === 'undefined')
        (globalThis as Record<string, unknown>).pdfjsWorker ??= await import(
          /* @vite-ignore */ workerUrl
        );
    }
    return pdfjs;
  })();
  return pdfjsLoading;
}

/** Text of every page in order, lines joined into paragraphs; title and author from /Info. */
export async function importPdf(source: ImportSource): Promise<ImportedDocument> {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed && sniffed !== 'pdf') throw wrongFormatError('a PDF', sniffed);
  // Some PDF writers put junk before the header; pdf.js accepts it within the first kilobyte.
  const isPdf =
    sniffed === 'pdf' || String.fromCharCode(...source.bytes.subarray(0, 1024)).includes('%PDF-');
  if (!isPdf) throw new ImportError('corrupt', CORRUPT_MESSAGE);

  const pdfjs = await loadPdfjs();
  // pdf.js transfers the buffer to its worker, so it gets a copy.
  const task = pdfjs.getDocument({
    data: source.bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    const pageLines: Line[][] = [];
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      const page = await doc.getPage(pageNumber);
      pageLines.push(itemsToLines((await page.getTextContent()).items));
      page.cleanup();
    }
    const usualGap = lowerMedian(pageLines.flatMap(lineGaps));
    const pages = pageLines.map((lines) => linesToParagraphs(lines, usualGap));
    const { info } = await doc.getMetadata();
    const { Title: title, Author: author } = info as { Title?: unknown; Author?: unknown };
    return makeDocument(
      {
        text: joinPages(pages).join('\n\n'),
        title: typeof title === 'string' ? cleanPdfTitle(title) : undefined,
        author: typeof author === 'string' ? author : undefined,
        format: 'pdf',
      },
      source.name,
      EMPTY_MESSAGE,
    );
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const isPassword = error instanceof Error && error.name === 'PasswordException';
    throw new ImportError(
      isPassword ? 'encrypted' : 'corrupt',
      isPassword ? ENCRYPTED_MESSAGE : CORRUPT_MESSAGE,
    );
  } finally {
    await task.destroy();
  }
}

/** Drops what PDF printers put in /Title instead of a title ("Microsoft Word - draft.docx"). */
export function cleanPdfTitle(title: string): string | undefined {
  const cleaned = title
    .replace(/^Microsoft (?:Word|PowerPoint|Excel) - /, '')
    .replace(/\.(?:docx?|odt|rtf|txt|pages)$/i, '')
    .trim();
  return /^(?:untitled\b|document\d*$)/i.test(cleaned) ? undefined : cleaned;
}

function itemsToLines(items: ReadonlyArray<object>): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    if (!('str' in item)) continue;
    const { str, transform, height, hasEOL } = item as {
      str: string;
      transform: number[];
      height: number;
      hasEOL: boolean;
    };
    const y = transform[5] ?? 0;
    const size = height || Math.hypot(transform[2] ?? 0, transform[3] ?? 0) || 1;
    if (current && Math.abs(current.y - y) > size / 2) {
      lines.push(current);
      current = undefined;
    }
    // An empty item only marks the end of the line before it.
    if (str !== '') {
      current ??= { text: '', y };
      current.text += str;
    }
    if (hasEOL && current) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines
    .map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() }))
    .filter((line) => line.text !== '');
}

// A gap clearly wider than the usual line spacing, or a jump upwards (a new column), starts a paragraph.
function linesToParagraphs(lines: readonly Line[], usualGap: number): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : 0;
    const isNewParagraph = gap < 0 || (usualGap > 0 && gap > usualGap * 1.3 + 0.5);
    if (isNewParagraph && current.length > 0) {
      paragraphs.push(current.join(''));
      current = [];
    }
    appendLine(current, line.text);
    previous = line;
  }
  if (current.length > 0) paragraphs.push(current.join(''));
  return paragraphs;
}

// A paragraph is kept as pieces joined once at the end: appending to one string and testing its
// end flattened the whole string each time, quadratic in a paragraph's length.
// "extraor-" + "dinarily" -> "extraordinarily"; other lines join with a space.
function appendLine(pieces: string[], line: string): void {
  const last = pieces[pieces.length - 1];
  if (last === undefined || line === '') {
    if (line !== '') pieces.push(line);
    return;
  }
  if (/\p{L}-$/u.test(endOf(pieces, 3)) && /^\p{Ll}/u.test(line)) {
    pieces[pieces.length - 1] = last.slice(0, -1);
    pieces.push(line);
  } else {
    pieces.push(' ', line);
  }
}

// The last `length` characters of the pieces, reading no more of them than that.
function endOf(pieces: readonly string[], length: number): string {
  let end = '';
  for (let i = pieces.length - 1; i >= 0 && end.length < length; i--)
    end = (pieces[i] ?? '').slice(-length) + end;
  return end.slice(-length);
}

// A sentence cut by a page break continues on the next page.
function joinPages(pages: readonly string[][]): string[] {
  const paragraphs: string[][] = [];
  for (const page of pages) {
    const [first, ...rest] = page;
    if (first === undefined) continue;
    const last = paragraphs[paragraphs.length - 1];
    if (last !== undefined && !SENTENCE_END.test(endOf(last, 1)) && /^\p{Ll}/u.test(first)) {
      appendLine(last, first);
    } else {
      paragraphs.push([first]);
    }
    paragraphs.push(...rest.map((paragraph) => [paragraph]));
  }
  return paragraphs.map((pieces) => pieces.join(''));
}

function lineGaps(lines: readonly Line[]): number[] {
  return lines
    .slice(1)
    .map((line, i) => (lines[i]?.y ?? 0) - line.y)
    .filter((gap) => gap > 0);
}

// The lower median: with few lines, paragraph gaps must not pass for line spacing.
function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

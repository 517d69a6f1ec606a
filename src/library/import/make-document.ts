import { ImportError, type ImportedDocument } from './types';

export interface DocumentParts {
  text: string;
  format: string;
  title?: string | undefined;
  author?: string | undefined;
}

const EMPTY_MESSAGE =
  'This file has no text in it. Check that you picked the right file, or open it and save it again, then import it once more.';

/** Tidies a reader's text and fills in the title; throws ImportError 'empty' when no text is left. */
export function makeDocument(
  parts: DocumentParts,
  fileName: string,
  emptyMessage = EMPTY_MESSAGE,
): ImportedDocument {
  const text = tidyText(parts.text);
  if (text === '') throw new ImportError('empty', emptyMessage);
  const title = cleanLine(parts.title) || titleFromFileName(fileName);
  const author = cleanLine(parts.author);
  return { text, title, format: parts.format, ...(author ? { author } : {}) };
}

/** "my_first-novel.final.docx" -> "my first novel.final". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem =
    base.includes('.') && !base.startsWith('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim() || 'Untitled';
}

// Paragraphs separated by exactly one blank line, no trailing spaces, no CR; line by line,
// because a trailing-space regex backtracks quadratically on long runs of spaces.
function tidyText(text: string): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(trimmed);
  }
  return kept.join('\n').trim();
}

function cleanLine(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * A document's own title line is not a copy. A reply that names a book by its full title and
 * author ("The Salt Keeper of Orrin Bay by Mara Quill") matches the book's front matter word for
 * word, and says nothing about its text. These functions find such a line at either end of a
 * span, so the span can be trimmed to the text that follows (or dropped when nothing is left).
 */
import { wordWeight } from './low-information';
import { tokenize } from './tokenize';

/** The words a document's title line may be made of, normalized like every scanned word. */
export interface TitleLine {
  /** Words of the title and author, plus connectives and words of a Gutenberg header. */
  vocabulary: ReadonlySet<string>;
  /** Content words of the title (weight 2, no digits: "pg1268" is a file name's number). */
  titleNames: ReadonlySet<string>;
  /** Content words of the author that are not title words. */
  authorNames: ReadonlySet<string>;
}

/** The title and author a library document carries (its metadata, not its text). */
export interface TitleMetadata {
  title: string;
  author?: string | undefined;
}

/** A document's title line by document id; undefined when none is known. */
export type TitleLookup = (docId: string) => TitleLine | undefined;

// Words that join a title to its author. A title line never ends on one: in "Pride and
// Prejudice. The morning was fine" the "The" is the text's.
const JOINERS =
  'a an the of and by in on at to for from with or de la le les du des von van der den';
// Words that stand around the title and author in a book's front matter and a Project
// Gutenberg header ("The Project Gutenberg eBook of …, by …", "Title: … Author: …").
const FRONT_MATTER =
  'project gutenberg ebook etext e book start end title author authors translator translated ' +
  'editor edited illustrator illustrated illustrations introduction novel release date language english';
const JOINER_SET = new Set(JOINERS.split(' '));
const CONNECTIVES = new Set([...JOINER_SET, ...FRONT_MATTER.split(' ')]);

/** A title line has at least this many distinct naming words ("Emma" alone is just a name). */
const MIN_NAMES = 2;
/** Words not of the title line a run may hold: one per this many of its words ("a novel"). */
const WORDS_PER_STRAY = 6;

/**
 * The title line of a document with this title and author: their words, normalized and tokenized
 * exactly as reply text is (so "Pride & Prejudice" and "PRIDE AND PREJUDICE" read alike).
 */
function readTitleLine({ title, author }: TitleMetadata): TitleLine {
  const vocabulary = new Set(CONNECTIVES);
  const names = (text: string | undefined): Set<string> => {
    const found = new Set<string>();
    for (const word of text === undefined ? [] : (tokenize(text, { withText: true }).texts ?? [])) {
      vocabulary.add(word);
      if (wordWeight(word) === 2 && !CONNECTIVES.has(word) && !/\d/.test(word)) found.add(word);
    }
    return found;
  };
  const titleNames = names(title);
  const authorNames = names(author);
  for (const word of titleNames) authorNames.delete(word);
  return { vocabulary, titleNames, authorNames };
}

/**
 * How many words from the start of a sequence form the title line, 0 when they do not. A title
 * line is a run of the line's vocabulary words (numbers, numerals and apparatus words such as
 * "volume" or "chapter" count as vocabulary; one other word per {@link WORDS_PER_STRAY} is
 * allowed inside it) that names at least two distinct words of the title and author, at least
 * one of them the title's, and either every content word of the title or, with a word of the
 * author's name, at least half of them. So "Pride and Prejudice" and "Emma, by Jane Austen" are
 * title lines, but "Emma" alone is not, nor is "LADY WINDERMERE." (a speaker's name in the play
 * "Lady Windermere's Fan"), which a trim would cut from a real copy. The run never ends on a
 * stray word, nor, read forwards, on a joining word ("the", "of"); read backwards from a span's
 * end, its first words are the title's own ("The Salt Keeper").
 *
 * @param wordAt the i-th normalized word of the sequence, undefined past its end
 * @param isBackward the sequence is a span's words read from its end
 */
function titleLineLength(
  line: TitleLine,
  wordAt: (i: number) => string | undefined,
  isBackward: boolean,
): number {
  let end = 0;
  let known = 0;
  let strays = 0;
  const titleNamed = new Set<string>();
  const authorNamed = new Set<string>();
  for (let i = 0; ; i++) {
    const word = wordAt(i);
    if (word === undefined) break;
    if (line.vocabulary.has(word) || wordWeight(word) === 0) {
      known++;
      if (isBackward || !JOINER_SET.has(word)) end = i + 1;
      if (line.titleNames.has(word)) titleNamed.add(word);
      else if (line.authorNames.has(word)) authorNamed.add(word);
    } else if (++strays > Math.floor(known / WORDS_PER_STRAY)) break;
  }
  const title = titleNamed.size;
  const isTitleLine =
    title > 0 &&
    title + authorNamed.size >= MIN_NAMES &&
    (title === line.titleNames.size || (authorNamed.size > 0 && title * 2 >= line.titleNames.size));
  return isTitleLine ? end : 0;
}

/**
 * The range `[from, to)` of a span without a title line at its start or its end; `to <= from`
 * when the span is nothing but a title line. Ranges are in the caller's units (alignment steps).
 * A title line is trimmed off a longer span only where it stands on a line of its own in the
 * source: prose that merely opens with the title's words ("In the tannery quarter the children
 * …" of *The Tannery Quarter*) is the book's text, and keeps every word.
 *
 * @param wordAt the normalized reply word at step i of the span
 * @param endsLineAfter whether the source's line ends after the source word of step i
 */
export function trimTitleLine(
  line: TitleLine,
  from: number,
  to: number,
  wordAt: (i: number) => string,
  endsLineAfter: (i: number) => boolean = () => true,
): [number, number] {
  const head = titleLineLength(line, (i) => (from + i < to ? wordAt(from + i) : undefined), false);
  if (head >= to - from) return [from, from];
  const start = head > 0 && endsLineAfter(from + head - 1) ? from + head : from;
  const tail = titleLineLength(
    line,
    (i) => (to - 1 - i >= start ? wordAt(to - 1 - i) : undefined),
    true,
  );
  if (tail >= to - start) return [start, start];
  return [start, tail > 0 && endsLineAfter(to - tail - 1) ? to - tail : to];
}

/**
 * A {@link TitleLookup} over the callers' metadata, each document's line read once. Make a new
 * one when titles or authors change (a library reload).
 *
 * @param describe a document's title and author by id, undefined for an unknown id
 */
export function titleLineLookup(
  describe: (docId: string) => TitleMetadata | undefined,
): TitleLookup {
  const lines = new Map<string, TitleLine | undefined>();
  return (docId) => {
    if (lines.has(docId)) return lines.get(docId);
    const metadata = describe(docId);
    const line = metadata && readTitleLine(metadata);
    lines.set(docId, line);
    return line;
  };
}

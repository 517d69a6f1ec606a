import { describe, expect, it } from 'vitest';
import { findSpans, titleLineLookup, type ScanOptions } from '../../../src/core/index';
import { library } from './fixtures';

const TITLE = 'The Salt Keeper of Orrin Bay';
const AUTHOR = 'Mara Quill';
const OPENING =
  'Every morning before the gulls woke, Tamsin Hale carried two buckets of brine up the cliff path to the drying pans, and every evening she counted the white crusts as if they were coins.';
const LATER =
  'The harbour master never trusted a woman who could read the weather from the colour of salt, but he bought her crusts all the same and salted his herring with them.';

// Front matter as a Project Gutenberg plain-text book has it, then the book's own title page.
const SALT_BOOK = `The Project Gutenberg eBook of ${TITLE}, by ${AUTHOR}

Title: ${TITLE}

Author: ${AUTHOR}

*** START OF THE PROJECT GUTENBERG EBOOK ${TITLE.toUpperCase()} ***

${TITLE.toUpperCase()}

by ${AUTHOR}

CHAPTER I

${OPENING}

${LATER}`;

// A book whose title is one word: a copy that starts with that word is still a copy.
const BRINE_OPENING =
  'Brine and bread were all the keepers of the northern lights had left when the supply boat failed to come in March';
const BRINE_BOOK = `Brine\n\nby ${AUTHOR}\n\n${BRINE_OPENING}, and the winter held on for six weeks more.`;

const docs: Record<string, string> = { salt: SALT_BOOK, brine: BRINE_BOOK };
const metadata: Record<string, { title: string; author: string }> = {
  salt: { title: TITLE, author: AUTHOR },
  brine: { title: 'Brine', author: AUTHOR },
};
const { index, getText } = library(docs);
const withTitles: Partial<ScanOptions> = { titleLines: titleLineLookup((id) => metadata[id]) };

describe('title lines are not copies', () => {
  it.each([
    ['the Gutenberg banner', `I loved The Project Gutenberg eBook of ${TITLE}, by ${AUTHOR}!`, 12],
    ['the title page (minWords 8)', `I loved ${TITLE} by ${AUTHOR}, it made me cry.`, 8],
    ['the header fields (minWords 8)', `Title: ${TITLE}. Author: ${AUTHOR}. Great read.`, 8],
    ['the title in capitals', `${TITLE.toUpperCase()}, BY ${AUTHOR.toUpperCase()}`, 8],
  ])('drops a span that is only %s', (_name, reply, minWords) => {
    // The same reply is flagged without the titles, so the test proves the title line filter.
    expect(findSpans(index, reply, getText, { minWords }).spans).toHaveLength(1);
    expect(findSpans(index, reply, getText, { minWords, ...withTitles }).spans).toEqual([]);
  });

  it('drops a title line with one stray word in it ("a novel")', () => {
    const book = `${TITLE}, a novel by ${AUTHOR}, with an introduction by the editor.\n\n${OPENING}`;
    const lib = library({ salt: book });
    const reply = `Have you read ${TITLE}, a novel by ${AUTHOR}, with an introduction by the editor?`;
    expect(findSpans(lib.index, reply, lib.getText).spans).toHaveLength(1);
    expect(findSpans(lib.index, reply, lib.getText, withTitles).spans).toEqual([]);
  });

  it('keeps a copy that starts with the title line, trimmed to the text after it', () => {
    const reply = `Here is how it opens:\n\n${TITLE.toUpperCase()}\n\nby ${AUTHOR}\n\nCHAPTER I\n\n${OPENING}\n\nLovely, isn't it?`;
    const [plain] = findSpans(index, reply, getText).spans;
    const spans = findSpans(index, reply, getText, withTitles).spans;
    expect(spans).toHaveLength(1);
    const [span] = spans;
    if (!span || !plain) throw new Error('expected one span');
    expect(reply.slice(span.replyStart, span.replyEnd)).toBe(OPENING.slice(0, -1));
    expect(SALT_BOOK.slice(span.sourceStart, span.sourceEnd)).toBe(OPENING.slice(0, -1));
    // Untrimmed it reached back into the title page; trimmed it is shorter by exactly those words.
    expect(plain.replyStart).toBeLessThan(span.replyStart);
    expect(span.words).toBe(plain.words - 11);
    expect(span.score).toBeLessThan(plain.score);
  });

  it('trims the title line but not the article that starts the text after it', () => {
    const text =
      'The winter came early that year, and the salt pans froze before the last crusts were in.';
    const lib = library({ salt: `${TITLE}, by ${AUTHOR}.\n\n${text}` });
    const reply = `${TITLE} by ${AUTHOR}: ${text}`;
    const [span] = findSpans(lib.index, reply, lib.getText, withTitles).spans;
    expect(span && reply.slice(span.replyStart, span.replyEnd)).toBe(text.slice(0, -1));
  });

  it('trims a title line at the end of a copy', () => {
    const book = `${OPENING}\n\n${TITLE}, by ${AUTHOR}\n\nThe end.`;
    const lib = library({ salt: book });
    const reply = `${OPENING} ${TITLE} by ${AUTHOR}`;
    const [span] = findSpans(lib.index, reply, lib.getText, withTitles).spans;
    expect(span && reply.slice(span.replyStart, span.replyEnd)).toBe(OPENING.slice(0, -1));
  });

  it("keeps every word of prose that opens with the title's words, not on a line of their own", () => {
    const prose =
      'In the tannery quarter the children chalked maps of imaginary islands on every door that faced the morning sun.';
    const lib = library({ tannery: `The Tannery Quarter\n\nby Odile Ferrand\n\n${prose}` });
    const titles = titleLineLookup(() => ({
      title: 'The Tannery Quarter',
      author: 'Odile Ferrand',
    }));
    const reply = `As the book says, ${prose}`;
    const [span] = findSpans(lib.index, reply, lib.getText, { titleLines: titles }).spans;
    expect(span && reply.slice(span.replyStart, span.replyEnd)).toBe(prose.slice(0, -1));
  });

  it('keeps the whole copy when the title line stands only inside it', () => {
    const passage = `${LATER} ${TITLE}, by ${AUTHOR}. ${OPENING}`;
    const lib = library({ salt: passage });
    const spans = findSpans(lib.index, passage, lib.getText, withTitles).spans;
    expect(spans.map((s) => [s.replyStart, s.replyEnd])).toEqual([[0, passage.length - 1]]);
  });

  it('keeps a copy that starts with a one-word title: a name alone is not a title line', () => {
    const reply = `The book opens: "${BRINE_OPENING}."`;
    const [span] = findSpans(index, reply, getText, withTitles).spans;
    expect(span?.docId).toBe('brine');
    expect(span && reply.slice(span.replyStart, span.replyEnd)).toBe(BRINE_OPENING);
  });

  it("keeps a speaker's name in a play even when it is part of the title", () => {
    const speech =
      'LADY WINDERMERE. That woman is not coming here to-night! You must not ask her, Arthur, I will not have her in this house.';
    const lib = library({ fan: `Some stage directions first.\n\n${speech}\n\nThe curtain falls.` });
    const titles = titleLineLookup(() => ({
      title: "Lady Windermere's Fan",
      author: 'Oscar Wilde',
    }));
    const [span] = findSpans(lib.index, speech, lib.getText, { titleLines: titles }).spans;
    expect(span && [span.replyStart, span.replyEnd]).toEqual([0, speech.length - 1]);
  });

  it("trims only the source's own title: another book's title line is its text", () => {
    const reply = `I loved The Project Gutenberg eBook of ${TITLE}, by ${AUTHOR}!`;
    const other = titleLineLookup(() => ({ title: 'Brine', author: 'Ada Pell' }));
    expect(findSpans(index, reply, getText, { titleLines: other }).spans).toHaveLength(1);
  });

  it('reports the same spans when no document has a title line', () => {
    const reply = `${TITLE.toUpperCase()}\n\nby ${AUTHOR}\n\nCHAPTER I\n\n${OPENING}`;
    const none = titleLineLookup(() => undefined);
    expect(findSpans(index, reply, getText, { titleLines: none })).toEqual(
      findSpans(index, reply, getText),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { findSpans, PassageIndex, ReplyScanner, type ScanResult } from '../../../src/core/index';
import { ALMANAC_BOOK, LANTERN_BOOK, ORCHARD_BOOK, seededRandom } from './fixtures';

const docs: Record<string, string> = {
  lantern: LANTERN_BOOK,
  orchard: ORCHARD_BOOK,
  almanac: ALMANAC_BOOK,
};
const index = new PassageIndex();
for (const [id, text] of Object.entries(docs)) index.addDocument(id, text);
const getText = (id: string): string | undefined => docs[id];

/** A reply mixing own words with perturbed library passages, hyphenated breaks and markdown. */
const REPLY = `Here is a summary of the story you asked about, with a few quotations.

> Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of \
beeswax, brass filings and the cold sea air that crept under the door every evening.

The book says **“It’s only a lamp,” she told the mayor**, “but a lamp that doesn’t lie is worth \
the whole fleet’s catch.” Her neighbours called it foolish gener-
osity, but the harbourmaster wrote in his ledger[1] that no boat of Vell had been lost in the \
fog since she opened her shut\u200bters. Meanwhile, in another book, the glass orchard stood on a \
terrace above the river, where my grandmother grew quinces under panes of green and amber glass.
That is all I can recall about CHAPTER I CHAPTER II CHAPTER III CHAPTER IV CHAPTER V CHAPTER VI.`;

/**
 * The same reply without its inline citation marker: streaming a marker in pieces is a known bug
 * (see the skipped test below), kept out of the chunked comparisons so they test everything else.
 */
const REPLY_NO_CITATION = REPLY.replace('ledger[1]', 'ledger');

/** Cut points of the reply: after each word (and the separator that follows it). */
function wordCuts(text: string): number[] {
  const cuts: number[] = [];
  const re = /\S+\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) cuts.push(m.index + m[0].length);
  return cuts;
}

function randomCuts(text: string, seed: number): number[] {
  const random = seededRandom(seed);
  const cuts: number[] = [];
  for (let at = 0; at < text.length;) {
    at = Math.min(text.length, at + 1 + Math.floor(random() * 40));
    cuts.push(at);
  }
  return cuts;
}

/**
 * Feeds a scanner each text with the unchanged prefix a reply's text change carries (the page
 * computes it once; see shared/reply-text-change).
 */
function streaming(scanner: ReplyScanner): (text: string) => ScanResult {
  let previous = '';
  return (text) => {
    let unchanged = 0;
    const n = Math.min(previous.length, text.length);
    while (unchanged < n && previous.charCodeAt(unchanged) === text.charCodeAt(unchanged))
      unchanged++;
    previous = text;
    return scanner.update(text, unchanged);
  };
}

describe('ReplyScanner', () => {
  it('finds spans in the test reply at all (so the comparisons below are not vacuous)', () => {
    const result = findSpans(index, REPLY, getText);
    expect(result.spans.map((s) => s.docId)).toEqual(['lantern', 'lantern', 'lantern', 'orchard']);
  });

  it('streaming word by word, citation marker included, gives at every step the same result as a fresh findSpans', () => {
    const scanner = streaming(new ReplyScanner(index, getText));
    const differing: number[] = [];
    for (const cut of wordCuts(REPLY)) {
      const text = REPLY.slice(0, cut);
      if (JSON.stringify(scanner(text)) !== JSON.stringify(findSpans(index, text, getText)))
        differing.push(cut);
    }
    expect(differing).toEqual([]);
  });

  it.each<[string, (text: string) => number[]]>([
    ['word by word', wordCuts],
    ['character by character', (text) => Array.from({ length: text.length }, (_, i) => i + 1)],
    ['in random chunks (seed 1)', (text) => randomCuts(text, 1)],
    ['in random chunks (seed 2)', (text) => randomCuts(text, 2)],
    ['in random chunks (seed 3)', (text) => randomCuts(text, 3)],
  ])('streaming %s gives at every step the same result as a fresh findSpans', (_how, cuts) => {
    const scanner = streaming(new ReplyScanner(index, getText));
    const differing: number[] = [];
    for (const cut of cuts(REPLY_NO_CITATION)) {
      const text = REPLY_NO_CITATION.slice(0, cut);
      if (JSON.stringify(scanner(text)) !== JSON.stringify(findSpans(index, text, getText)))
        differing.push(cut);
    }
    expect(differing).toEqual([]);
  });

  // BUG: ReplyScanner.update re-reads from the start of the first word it does not keep, so when
  // a chunk ends inside a citation marker ("ledger[1") and the next update completes it
  // ("ledger[1] that ..."), the re-read starts at "1]" without the "[" and counts "1" as a word.
  // Expected: the same result as findSpans (29 words, one 29-word span). Actual: words 30 and a
  // 30-word span that includes the "1" (31 for "[5, 6]"); later word offsets shift by as much.
  it.each([['[1]'], ['[^2]'], ['(3)'], ['【4】'], ['[5, 6]']])(
    'agrees with findSpans when a chunk ends inside the citation marker %s',
    (marker) => {
      const full = `Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger${marker} that no boat of Vell had been lost in the fog since she opened her shutters.`;
      const scanner = streaming(new ReplyScanner(index, getText));
      scanner(full.slice(0, full.indexOf(marker) + marker.search(/\d/) + 1));
      expect(scanner(full)).toEqual(findSpans(index, full, getText));
    },
  );

  it.each<[string, string, string]>([
    ['a word replaced mid-text', 'cold sea air', 'cold salt air'],
    ['a passage deleted mid-text', ' Meanwhile, in another book,', ''],
    [
      'text inserted before a quotation',
      'The book says',
      'The book, which I loved as a child, says',
    ],
    ['a hyphenated break undone', 'gener-\nosity', 'generosity'],
  ])('after %s, then more streaming, it still agrees with a fresh findSpans', (_edit, from, to) => {
    const scanner = streaming(new ReplyScanner(index, getText));
    const half = REPLY.slice(0, Math.floor(REPLY.length * 0.8));
    scanner(half);
    const edited = REPLY.replace(from, to);
    const steps = [
      edited.slice(0, Math.floor(edited.length * 0.8)),
      edited.slice(0, Math.floor(edited.length * 0.9)),
      edited,
      `${edited} And a final line.`,
    ];
    for (const text of steps) expect(scanner(text)).toEqual(findSpans(index, text, getText));
  });

  it('agrees with findSpans when the text shrinks and grows again', () => {
    const scanner = streaming(new ReplyScanner(index, getText));
    for (const text of [REPLY, REPLY.slice(0, 300), '', REPLY.slice(0, 500), REPLY]) {
      expect(scanner(text)).toEqual(findSpans(index, text, getText));
    }
  });

  it('lists documents whose text was missing, then finds their spans once the text is there', () => {
    const loaded: Record<string, string> = { lantern: LANTERN_BOOK, almanac: ALMANAC_BOOK };
    const scanner = new ReplyScanner(index, (id) => loaded[id]);
    const first = scanner.update(REPLY, 0);
    expect(scanner.missingDocuments()).toEqual(['orchard']);
    expect(first.spans.map((s) => s.docId)).not.toContain('orchard');

    loaded.orchard = ORCHARD_BOOK;
    const second = scanner.update(REPLY, REPLY.length);
    expect(scanner.missingDocuments()).toEqual([]);
    expect(second).toEqual(findSpans(index, REPLY, getText));
  });

  it('reports no missing documents when nothing matched', () => {
    const scanner = new ReplyScanner(index, () => undefined);
    scanner.update('A reply in my own words that quotes nothing from the library at all.', 0);
    expect(scanner.missingDocuments()).toEqual([]);
  });

  it('starts over after reset, as a new scanner would', () => {
    const scanner = new ReplyScanner(index, getText);
    scanner.update(REPLY, 0);
    scanner.reset();
    const other =
      'Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of beeswax.';
    // Whatever the caller claims is unchanged, a reset scanner holds no text to keep.
    expect(scanner.update(other, other.length)).toEqual(findSpans(index, other, getText));
  });

  it('applies its scan options like findSpans does', () => {
    const options = { includeNear: false, minWords: 15 };
    const scanner = new ReplyScanner(index, getText, options);
    expect(scanner.update(REPLY, 0)).toEqual(findSpans(index, REPLY, getText, options));
  });
});

describe('ReplyScanner.read (a long text fed in slices)', () => {
  it.each([1, 7, 40, 333])(
    'reading prefixes of %i code units and updating once gives the same result as findSpans',
    (sliceChars) => {
      const scanner = new ReplyScanner(index, getText);
      let read = 0;
      while (REPLY.length - read > sliceChars) {
        scanner.read(REPLY.slice(0, read + sliceChars), read);
        read += sliceChars;
      }
      expect(scanner.update(REPLY, read)).toEqual(findSpans(index, REPLY, getText));
    },
  );

  it('finds no spans by itself: a slice read leaves the spans to the next update', () => {
    const scanner = new ReplyScanner(index, getText);
    scanner.read(REPLY, 0);
    expect(scanner.missingDocuments()).toEqual([]);
    expect(scanner.update(REPLY, REPLY.length).spans).toHaveLength(4);
  });
});

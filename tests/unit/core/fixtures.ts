// Shared test material for the core tests: a seeded generator and small texts written for them.
import { PassageIndex, wordWeight, type IndexOptions } from '../../../src/core/index';

/** Mulberry32: a small seeded generator, so every "random" test is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/**
 * `count` distinct invented content words (weight 2, never a numeral or stop word), each
 * starting with `prefix`, so two vocabularies with different prefixes never share a word.
 */
export function inventWords(count: number, seed: number, prefix = ''): string[] {
  const random = seededRandom(seed);
  const out = new Set<string>();
  while (out.size < count) {
    let w = prefix;
    const syllables = 2 + Math.floor(random() * 2);
    for (let s = 0; s < syllables; s++) {
      w += CONSONANTS[Math.floor(random() * CONSONANTS.length)];
      w += VOWELS[Math.floor(random() * VOWELS.length)];
    }
    if (wordWeight(w) === 2) out.add(w);
  }
  return [...out];
}

/** `count` words drawn from `vocabulary` with replacement. */
export function randomRun(
  vocabulary: readonly string[],
  count: number,
  random: () => number,
): string[] {
  return Array.from(
    { length: count },
    () => vocabulary[Math.floor(random() * vocabulary.length)] as string,
  );
}

/** Trims everything that is not a letter or digit from both ends: what a word span covers. */
export function trimToWords(s: string): string {
  return s.replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}]+$/u, '');
}

/** A library book written for these tests (two paragraphs of original prose). */
export const LANTERN_BOOK = `The Lantern Maker of Vell

Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of \
beeswax, brass filings and the cold salt air that crept under the door every evening. She \
worked by the light of her own lanterns, which she said was the only honest way to judge them.

Every autumn the fishing boats came back with their lamps cracked by the northern gales, and \
every autumn Orla repaired them without asking for payment until the herring had been sold. \
Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no \
boat of Vell had been lost in the fog since she opened her shutters.

"It's only a lamp," she told the mayor, "but a lamp that doesn't lie is worth the whole fleet's catch."

On the night the great storm broke the pier, she carried a green signal lamp to the end of the \
breakwater and held it above the waves until the last trawler found the channel.`;

/** A second book, unrelated to {@link LANTERN_BOOK}. */
export const ORCHARD_BOOK = `Notes from the Glass Orchard

The glass orchard stood on a terrace above the river, where my grandmother grew quinces under \
panes of green and amber glass salvaged from a chapel that had burned before the war. In winter \
the panes wept with condensation and the whole orchard glowed like a lantern at dusk.

She taught me to graft a pear onto quince roots with a knife she sharpened on the doorstep, and \
to bind the wound with raffia and warm wax before the frost could find it.`;

/** Low-information material that really is in a book: contents pages, numerals, a calendar. */
export const ALMANAC_BOOK = `THE ALMANAC OF SMALL THINGS

CONTENTS

CHAPTER I CHAPTER II CHAPTER III CHAPTER IV CHAPTER V CHAPTER VI CHAPTER VII CHAPTER VIII \
CHAPTER IX CHAPTER X CHAPTER XI CHAPTER XII CHAPTER XIII CHAPTER XIV CHAPTER XV

I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI XXII XXIII XXIV

1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32

January February March April May June July August September October November December \
January February March April May June July August September October November December

The beekeeper of Marrow Lane whispered her accounts to the hives each Sunday, convinced that \
bees who heard the household news would never abandon their combs.`;

/** An index of `docs` (id -> text) and a lookup of their texts, for scans. */
export function library(
  docs: Record<string, string>,
  options: Partial<IndexOptions> = {},
): { index: PassageIndex; getText: (id: string) => string | undefined } {
  const index = new PassageIndex(options);
  for (const [id, text] of Object.entries(docs)) index.addDocument(id, text);
  return { index, getText: (id) => docs[id] };
}

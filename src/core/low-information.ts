/**
 * Which words carry evidence. A run of chapter numbers, roman numerals, page references, month or
 * day names is in many books word for word and proves nothing; a sentence with a handful of
 * distinct content words does.
 */

/** English function words: common enough that a run of them alone proves nothing. */
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being ' +
    'below between both but by can could did do does doing down during each few for from further ' +
    'had has have having he her here hers herself him himself his how i if in into is it its itself ' +
    'just me more most my myself no nor not now of off on once only or other our ours ourselves out ' +
    'over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up upon very was we were what when where which ' +
    'while who whom why will with would you your yours yourself yourselves shall may might must ' +
    "one ever never also yet still said let us oh o i'm it's don't didn't can't won't that's " +
    "there's he's she's i'll i've i'd you're we're they're isn't wasn't"
  ).split(' '),
);

/** Words of a book's apparatus and calendars: structure, not content. */
const APPARATUS = new Set(
  (
    'chapter chap ch book part volume vol section sect sec page pages p pp act scene sc canto stanza ' +
    'verse line lines fig figure table no nos art article appendix preface contents index note notes ' +
    'january february march april june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun ' +
    'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth ' +
    'two three four five six seven eight nine ten eleven twelve'
  ).split(' '),
);

const ROMAN = /^m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;
const NUMERIC = /^[\p{N}.,:/'-]+$/u;
const ROMAN_WORDS = new Set(['mix', 'dix', 'mid', 'civil', 'lid']);

/** How much a normalized word says: 0 apparatus or number, 1 function word, 2 content word. */
export function wordWeight(word: string): 0 | 1 | 2 {
  if (word.length === 1 && word.charCodeAt(0) < 0x80) return 0;
  if (NUMERIC.test(word)) return 0;
  if (APPARATUS.has(word)) return 0;
  if (ROMAN.test(word) && !ROMAN_WORDS.has(word)) return 0;
  if (STOPWORDS.has(word)) return 1;
  return 2;
}

/** What a span's words say, for filtering and scoring. */
export interface InformationSummary {
  /** Distinct content words (weight 2). */
  distinctContent: number;
  /** Share of words that are numbers, numerals or apparatus (weight 0), 0..1. */
  apparatusShare: number;
  /** Sum of weights: 2 per content word, 1 per function word. */
  weight: number;
}

/** Summarizes normalized words `words[from, to)`; an empty range gives all zeros. */
export function summarizeInformation(
  words: readonly string[],
  from: number,
  to: number,
): InformationSummary {
  const content = new Set<string>();
  let apparatus = 0;
  let weight = 0;
  for (let i = from; i < to; i++) {
    const w = words[i] as string;
    const wt = wordWeight(w);
    weight += wt;
    if (wt === 0) apparatus++;
    else if (wt === 2) content.add(w);
  }
  const n = to - from;
  return { distinctContent: content.size, apparatusShare: n > 0 ? apparatus / n : 0, weight };
}

/** Thresholds of {@link isInformative}. */
export interface InformationThresholds {
  /** Fewest distinct content words a span needs. Default 1. */
  minDistinctContent: number;
  /** Largest share of numbers, numerals and apparatus words a span may have. Default 0.5. */
  maxApparatusShare: number;
}

/** The evidence thresholds used where none are given. */
export const DEFAULT_INFORMATION: InformationThresholds = {
  minDistinctContent: 1,
  maxApparatusShare: 0.5,
};

/** True when a span's words carry enough evidence to be flagged. */
export function isInformative(
  summary: InformationSummary,
  thresholds: InformationThresholds = DEFAULT_INFORMATION,
): boolean {
  return (
    summary.distinctContent >= thresholds.minDistinctContent &&
    summary.apparatusShare <= thresholds.maxApparatusShare
  );
}

// What a probe series asks: which passages of a document, cut how, in which prompt. Pure, so the
// page and its tests build the same series.
import { chapterOpenings, countWords, cutProbe, randomStarts, type ProbeCut } from '../core/index';

/** Where the prefix goes in a template. */
const PREFIX_SLOT = '{prefix}';

/** Built-in prompt templates; the user may edit the one chosen. */
export const PROMPT_TEMPLATES: readonly { name: string; text: string }[] = [
  { name: 'Continue exactly', text: `Continue this text exactly, word for word: ${PREFIX_SLOT}` },
  {
    name: 'Name the book, then continue',
    text: `This is the opening of a passage from a book. Give the next words of the original text, word for word, without commentary: ${PREFIX_SLOT}`,
  },
  { name: 'Bare prefix', text: PREFIX_SLOT },
];

type PassageChoice =
  | { kind: 'chapters' }
  | { kind: 'random'; seed: number }
  | { kind: 'picked'; wordStarts: number[] };

export interface ProbeSetup {
  choice: PassageChoice;
  /** Most probes in the series. */
  count: number;
  prefixWords: number;
  continuationWords: number;
  template: string;
}

export const DEFAULT_SETUP: ProbeSetup = {
  choice: { kind: 'chapters' },
  count: 5,
  prefixWords: 50,
  continuationWords: 50,
  template: PROMPT_TEMPLATES[0]?.text ?? PREFIX_SLOT,
};

/** The prompt for one probe: the template with the prefix in its slot (or after it). */
export function fillTemplate(template: string, prefix: string): string {
  return template.includes(PREFIX_SLOT)
    ? template.split(PREFIX_SLOT).join(prefix)
    : `${template.trimEnd()} ${prefix}`;
}

/** Why a setup cannot run, for the form; undefined when it can. */
export function checkSetup(setup: ProbeSetup): string | undefined {
  const whole = (n: number, low: number, high: number): boolean =>
    Number.isInteger(n) && n >= low && n <= high;
  if (!whole(setup.prefixWords, 5, 500)) return 'The prefix needs 5 to 500 words.';
  if (!whole(setup.continuationWords, 5, 500)) return 'The continuation needs 5 to 500 words.';
  if (!whole(setup.count, 1, 200)) return 'A series holds 1 to 200 probes.';
  if (setup.template.trim() === '') return 'The prompt template is empty.';
  if (setup.choice.kind === 'picked' && setup.choice.wordStarts.length === 0)
    return 'Pick at least one place in the text below.';
  return undefined;
}

/** The series' cuts of `text`, in text order; places without room for a whole probe are left out. */
export function planProbes(text: string, setup: ProbeSetup): ProbeCut[] {
  const span = setup.prefixWords + setup.continuationWords;
  let starts: number[];
  if (setup.choice.kind === 'chapters') starts = chapterOpenings(text, setup.count);
  else if (setup.choice.kind === 'random')
    starts = randomStarts(countWords(text), span, setup.count, setup.choice.seed);
  else starts = [...setup.choice.wordStarts].sort((a, b) => a - b).slice(0, setup.count);
  return starts.flatMap((start) => {
    const cut = cutProbe(text, start, setup.prefixWords, setup.continuationWords);
    return cut ? [cut] : [];
  });
}

import { NormalizeWriter, normalizeWith, type NormalizedBuffer } from './normalize';

let scratch: NormalizeWriter | undefined;

/**
 * Like {@link normalizeRange}, but into one reused buffer, so the tokenizer does not give the
 * garbage collector six bytes per character of every text it reads. The result is only valid
 * until the next call. Same rules, offsets and edge cases as `normalizeRange`; never throws.
 */
export function normalizeRangeScratch(raw: string, from = 0, to = raw.length): NormalizedBuffer {
  const need = Math.ceil((to - from) * 1.1) + 8;
  if (!scratch || scratch.codes.length < need) scratch = new NormalizeWriter(Math.max(1024, need));
  return normalizeWith(scratch, raw, from, to);
}

// The word diff of a near copy against its source: the popup and the CLI's evidence report
// both show it, so it lives in the pure core.

/** A run of words of a diff: kept, only in the source (`removed`) or only in the reply (`added`). */
export interface DiffPart {
  op: 'same' | 'removed' | 'added';
  /** The run's words joined by single spaces (the reply's spelling for `same`). */
  text: string;
}

/** Past this many word pairs the diff is skipped: near spans are short, this is a guard. */
const MAX_CELLS = 4_000_000;

// Case, curly quotes and trailing punctuation are not edits a reader cares about.
function keyOf(word: string): string {
  return word
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

function push(parts: DiffPart[], op: DiffPart['op'], text: string): void {
  const last = parts[parts.length - 1];
  if (last && last.op === op) last.text += ` ${text}`;
  else parts.push({ op, text });
}

/**
 * Word diff from `source` to `reply` (longest common subsequence of words): `removed` words are
 * only in the source, `added` only in the reply. Words are split on whitespace, which is not
 * kept; runs of one op are merged. Case, curly quotes and punctuation at a word's edges do not
 * count as edits. Empty inputs give an empty list (or one run of the other side). Past
 * 4,000,000 word pairs it returns the whole source removed and the whole reply added. Never
 * throws.
 */
export function diffWords(source: string, reply: string): DiffPart[] {
  const a = source.split(/\s+/).filter(Boolean);
  const b = reply.split(/\s+/).filter(Boolean);
  if (a.length * b.length > MAX_CELLS)
    return [
      { op: 'removed', text: a.join(' ') },
      { op: 'added', text: b.join(' ') },
    ];
  const ka = a.map(keyOf);
  const kb = b.map(keyOf);
  const cols = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        ka[i] === kb[j]
          ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (ka[i] === kb[j]) {
      push(parts, 'same', b[j] as string);
      i++;
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0)) {
      push(parts, 'removed', a[i++] as string);
    } else {
      push(parts, 'added', b[j++] as string);
    }
  }
  while (i < a.length) push(parts, 'removed', a[i++] as string);
  while (j < b.length) push(parts, 'added', b[j++] as string);
  return parts;
}

// `node scripts/eval-probe-score.mjs [CORPUS] [--worst N]`: the probe's in-order share
// (src/core/probe-score.ts) on the development corpus (default ../shared/corpus), replies the
// rule was not written from. Each case is a (prefix, continuation, reply) triple:
//   paraphrase    every paraphrase of paraphrases.jsonl, its original as the continuation, the
//                 50 words before the original in its book as the prefix (target: at most 0.2);
//   verbatim      each original given back word for word: alone, after chatter, after the
//                 prefix repeated, hard-wrapped with curly quotes (target: at least 0.95);
//   spliced       each copied span of truth.jsonl as the continuation, the whole reply it was
//                 spliced into as the reply; exact, hardwrap, typography, markdown, invisible
//                 and citation are verbatim (at least 0.95), edit and editmix near-verbatim;
//   unrelated     each real chatbot reply without library text (kind plain) against an original
//                 (target: 0).
// Prints each set's distribution. Paraphrases are also shown in two groups: near-copies (they
// keep an exact run of 12 words or more of the original, the corpus's own "hard near-verbatim"
// line) and the rest. `--before` adds the rule of session 11 (every run of 3 words with 2
// content words counts, no stretch), `--worst N` lists the N highest-scoring paraphrases with the
// runs they share with the original. Nothing of the corpus is written anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const worstAt = argv.indexOf('--worst');
const worstCount = worstAt >= 0 ? Number(argv[worstAt + 1]) : 0;
const before = argv.includes('--before');
const positional = argv.filter(
  (a, i) => a !== '--before' && (worstAt < 0 || (i !== worstAt && i !== worstAt + 1)),
);
const corpus = path.resolve(positional[0] ?? path.join(ROOT, '../shared/corpus'));

// The core is TypeScript: bundled for Node into .bench/ (git-ignored), as the benchmarks are.
await build({
  root: ROOT,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: path.join(ROOT, 'src/core/index.ts'),
    outDir: path.join(ROOT, '.bench'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'probe-score-core.mjs' } },
  },
});
const { scoreProbe, tokenize } = await import(path.join(ROOT, '.bench/probe-score-core.mjs'));

const readJsonl = (file) =>
  fs
    .readFileSync(path.join(corpus, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));

const books = new Map();
const bookText = (file) => {
  if (!books.has(file))
    books.set(file, fs.readFileSync(path.join(corpus, 'library', file), 'utf8'));
  return books.get(file);
};

/** The 50 words before `original` in its book, or '' when the book's text differs. */
function prefixOf(source, original) {
  const flat = bookText(source).replace(/\s+/g, ' ');
  const at = flat.indexOf(original.replace(/\s+/g, ' ').slice(0, 80));
  return at < 0 ? '' : flat.slice(0, at).trim().split(' ').slice(-50).join(' ');
}

/** An original as a chatbot might print it: hard-wrapped at 60 columns, curly quotes. */
function retyped(text) {
  const curly = text.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019');
  const lines = [];
  let line = '';
  for (const word of curly.split(/\s+/)) {
    if (line && line.length + word.length > 60) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function summary(name, scores, test) {
  const sorted = [...scores].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  const failing = scores.filter((s) => !test.ok(s)).length;
  const f = (x) => x.toFixed(3);
  console.log(
    `${name.padEnd(24)} n=${String(scores.length).padStart(5)}  mean ${f(mean)}  p10 ${f(at(0.1))}` +
      `  median ${f(at(0.5))}  p90 ${f(at(0.9))}  min ${f(sorted[0] ?? NaN)}  max ${f(sorted.at(-1) ?? NaN)}` +
      `  ${test.label}: ${failing} (${((100 * failing) / (scores.length || 1)).toFixed(1)}%)`,
  );
}

const atMost = (x) => ({ ok: (s) => s <= x, label: `> ${x}` });
const atLeast = (x) => ({ ok: (s) => s >= x, label: `< ${x}` });
const share = (prefix, continuation, reply) => scoreProbe(prefix, continuation, reply).inOrderShare;
// A stretch of 1 word is any run: the rule before stretches.
const shareBefore = (prefix, continuation, reply) =>
  scoreProbe(prefix, continuation, reply, { minWords: 1 }).inOrderShare;

const passages = readJsonl('paraphrases.jsonl').map((p) => ({
  ...p,
  prefix: prefixOf(p.source, p.original),
}));

const paraphrase = [];
for (const p of passages)
  for (const text of p.paraphrases) {
    const scores = scoreProbe(p.prefix, p.original, text);
    paraphrase.push({
      p,
      text,
      score: scores.inOrderShare,
      nearCopy: scores.longestRun >= 12,
      before: before ? shareBefore(p.prefix, p.original, text) : NaN,
    });
  }

const chatter = 'Sure! Here is how the passage continues, word for word:';
const verbatim = { alone: [], chatter: [], echo: [], retyped: [] };
for (const p of passages) {
  verbatim.alone.push(share(p.prefix, p.original, p.original));
  verbatim.chatter.push(
    share(p.prefix, p.original, `${chatter}\n\n${p.original}\n\nI hope this helps!`),
  );
  verbatim.echo.push(share(p.prefix, p.original, `${chatter}\n\n${p.prefix} ${p.original}`));
  verbatim.retyped.push(share(p.prefix, p.original, `> ${retyped(p.original)}`));
}

const spliced = new Map();
const plain = [];
for (const row of readJsonl('truth.jsonl')) {
  const reply = fs.readFileSync(path.join(corpus, row.reply), 'utf8');
  if (row.kind === 'plain') plain.push(reply);
  if (row.kind !== 'pos') continue;
  for (const span of row.spans) {
    const continuation = bookText(span.source).slice(span.sourceStart, span.sourceEnd);
    const list = spliced.get(span.variant) ?? [];
    list.push(share('', continuation, reply));
    spliced.set(span.variant, list);
  }
}
const unrelated = plain.map((reply, i) => {
  const p = passages[i % passages.length];
  return share(p.prefix, p.original, reply);
});

const found = passages.filter((p) => p.prefix !== '').length;
console.log(`corpus ${corpus}: ${passages.length} originals (${found} found in their book)\n`);
const scoresOf = (cases, key = 'score') => cases.map((c) => c[key]);
const nearCopies = paraphrase.filter((c) => c.nearCopy);
const rewritten = paraphrase.filter((c) => !c.nearCopy);
summary('paraphrase', scoresOf(paraphrase), atMost(0.2));
summary('  near-copy (run >= 12)', scoresOf(nearCopies), atMost(0.2));
summary('  the rest', scoresOf(rewritten), atMost(0.2));
if (before) {
  summary('paraphrase, before', scoresOf(paraphrase, 'before'), atMost(0.2));
  summary('  near-copy, before', scoresOf(nearCopies, 'before'), atMost(0.2));
  summary('  the rest, before', scoresOf(rewritten, 'before'), atMost(0.2));
}
for (const [name, scores] of Object.entries(verbatim))
  summary(`verbatim ${name}`, scores, atLeast(0.95));
for (const variant of ['exact', 'hardwrap', 'typography', 'markdown', 'invisible', 'citation'])
  summary(`spliced ${variant}`, spliced.get(variant) ?? [], atLeast(0.95));
for (const variant of ['edit', 'editmix'])
  summary(`spliced ${variant}`, spliced.get(variant) ?? [], atLeast(0.5));
summary('unrelated (plain)', unrelated, atMost(0));

if (worstCount > 0) {
  console.log(`\nThe ${worstCount} highest-scoring paraphrases, with the runs that counted:`);
  const worst = [...paraphrase].sort((a, b) => b.score - a.score).slice(0, worstCount);
  for (const { p, text, score } of worst) {
    const scores = scoreProbe(p.prefix, p.original, text);
    const originalWords = tokenize(p.original, { withText: true }).texts;
    const replyWords = tokenize(text, { withText: true }).texts;
    console.log(
      `\n${score.toFixed(3)}  ${p.passage_id}  longest run ${scores.longestRun}` +
        `  (${originalWords.length} words)`,
    );
    console.log(`  shared runs: ${commonRuns(originalWords, replyWords, 3).join(' | ')}`);
  }
}

/** Maximal runs of at least `min` words of `a` found in order in `b` (greedy, for reading). */
function commonRuns(a, b, min) {
  const out = [];
  let j0 = 0;
  for (let i = 0; i < a.length;) {
    let best = 0;
    let bestJ = -1;
    for (let j = j0; j < b.length; j++) {
      let l = 0;
      while (i + l < a.length && j + l < b.length && a[i + l] === b[j + l]) l++;
      if (l > best) {
        best = l;
        bestJ = j;
      }
    }
    if (best >= min) {
      out.push(a.slice(i, i + best).join(' '));
      i += best;
      j0 = bestJ + best;
    } else i++;
  }
  return out;
}

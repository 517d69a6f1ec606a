// Replies to scan: real chatbot answers (the corpus's carriers.jsonl, which hold no library text)
// as filler around passages of 150 words copied from documents spread over the library. Real
// prose rather than a repeated word list, so a reply's shingles reach as many places of an
// index as a real reply's do.
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from './generate-library.mjs';

const PASSAGE_WORDS = 150;
const words = (text) => text.split(/\s+/).filter(Boolean);

/** Replies made from the library in `folder` (files in import order) and the corpus's carriers. */
export function createReplyMaker(folder, files, corpusDir) {
  const carriers = fs
    .readFileSync(path.join(corpusDir, 'carriers.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => words(JSON.parse(line).text))
    .filter((w) => w.length >= 50);
  const filler = (count, random) => {
    const out = [];
    while (out.length < count)
      out.push(...carriers[Math.floor(random() * carriers.length)].slice(0, count - out.length));
    return out.join(' ');
  };
  /** 150 words from the middle three fifths of document `name`. */
  const passageOf = (name, random) => {
    const all = words(fs.readFileSync(path.join(folder, name), 'utf8'));
    const from = Math.floor(all.length * (0.2 + 0.6 * random()));
    return { name, words: all.slice(from, from + PASSAGE_WORDS) };
  };
  /** A reply of about `total` words with `count` passages, the i-th from the i-th k-quantile. */
  const reply = ({ total, count, seed }) => {
    const random = seededRandom(seed);
    const passages = Array.from({ length: count }, (_, i) =>
      passageOf(files[Math.floor(((i + random()) / count) * files.length)].name, random),
    );
    return compose(passages, total, random);
  };
  /** A reply of about `total` words with one passage of document `name`. */
  const replyFrom = (name, { total, seed }) => {
    const random = seededRandom(seed);
    return compose([passageOf(name, random)], total, random);
  };
  const compose = (passages, total, random) => {
    const gap = Math.round((total - passages.length * PASSAGE_WORDS) / (passages.length + 1));
    const parts = [filler(gap, random)];
    for (const p of passages) parts.push(p.words.join(' '), filler(gap, random));
    const text = parts.join('\n\n');
    return { text, words: words(text).length, passages };
  };
  return { reply, replyFrom };
}

const flat = (text) => text.replace(/\s+/g, ' ').toLowerCase();

/**
 * How checkText's answer went: its span count (-1: an error) and how many of the reply's
 * passages a span covers (its middle eight words lie inside a span's reply text).
 */
export function scanOutcome(result, reply) {
  if (!result?.ok) return { spans: -1, found: 0, error: result?.error?.message ?? 'no answer' };
  const spans = result.value.spans.map((s) => flat(s.replyText));
  const found = reply.passages.filter((p) => {
    const middle = flat(p.words.slice(71, 79).join(' '));
    return spans.some((s) => s.includes(middle));
  }).length;
  return { spans: spans.length, found };
}

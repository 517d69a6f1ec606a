// Printing: each run's values as they come, then one table per library size with the builds
// side by side (the first build is the baseline the others are compared with).
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const list = (xs, digits = 0) => `[${xs.map((x) => f(x, digits)).join(', ')}]`;
const hits = (runs) => {
  const spans = [...new Set(runs.map((r) => r.spans))].join('/');
  const found = [...new Set(runs.map((r) => r.found))].join('/');
  return `${spans} spans, ${found} passages found`;
};

/** The detail lines of one build on one size: every value, not only medians. */
export function printDetails(label, r, replies) {
  const p = (line) => console.log(`  [${label}] ${line}`);
  p(
    `import via options page: ${f(r.import.ms / 1000, 1)} s, ${f(r.import.mbPerS, 2)} MB/s; background work until ${f(r.import.settleS, 0)} s after the summary${r.import.capped ? ' (still busy: the bench stopped waiting)' : ''}; IndexedDB +${f(r.import.stored / 1e6)} MB = ${f(r.import.bytesPerByte, 2)} bytes per text byte`,
  );
  for (const [name, s] of Object.entries(r.scans)) {
    const expected = replies[name].first.passages.length;
    p(`${name} reply (${replies[name].first.words} words, ${expected} passages):`);
    p(`  cold wake + scan ms ${list(s.cold.map((x) => x.ms))}, ${hits(s.cold)}`);
    const empty = r.empty?.[name];
    if (empty)
      p(`  the same with an empty library (a fresh profile) ms ${list(empty.map((x) => x.ms))}`);
    p(
      `  a key press in a chat page, then the check 1 s later (worker stopped before) ms ${list(s.afterKey.map((x) => x.ms))}, ${hits(s.afterKey)}`,
    );
    p(
      `  warm, same reply ms ${list(
        s.same.map((x) => x.ms),
        1,
      )}, ${hits(s.same)}`,
    );
    p(
      `  warm, other replies ms ${list(
        s.other.map((x) => x.ms),
        1,
      )}, ${hits(s.other)}`,
    );
    const mem = (k) => s.cold.map((x) => x.memory[k]);
    p(
      `  extension process RSS MB idle ${list(mem('idle').map((m) => m.rss))} -> after wake ${list(mem('after').map((m) => m.rss))}, peak during wake ${list(mem('after').map((m) => m.peak))}, ${SETTLE_LABEL} ${list(mem('settled').map((m) => m?.rss))} (peak ${list(mem('settled').map((m) => m?.peak))}); PSS idle ${list(mem('idle').map((m) => m.pss))} -> ${list(mem('after').map((m) => m.pss))}`,
    );
  }
  p(
    `worker stopped during and after an import (${f(r.stops.importMs / 1000, 1)} s this time; a point after its end is skipped), then a cold wake + scan (2,000-word reply):`,
  );
  for (const w of r.stops.wakes)
    p(
      `  ${w.when}: worker stopped in ${f(w.stopMs)} ms, wake + scan ${f(w.ms)} ms, ${w.spans} spans, ${w.found} passages found${w.error ? ` (${w.error})` : ''}`,
    );
  const b = r.closed;
  if (b.note) p(`options page closed mid-import: ${b.note}`);
  else {
    p(
      `options page closed ${f(b.closedAtS, 1)} s into the import (${b.stored ?? '?'} documents stored, last ${b.lastFile ?? 'unknown'}): cold wake + scan ${f(b.wake.ms)} ms, ${b.wake.spans} spans, ${b.wake.found} passages found`,
    );
    if (b.findLast)
      p(
        `  a passage of ${b.lastFile}: ${b.findLast.found ? 'found' : 'NOT found'} ${f(b.findLast.afterS, 1)} s after the close (${b.findLast.polls} scans)`,
      );
  }
}

const coldMs = (s) => median(s.cold.map((x) => x.ms));
const memDelta = (s, k) => median(s.cold.map((x) => x.memory.after[k] - x.memory.idle[k]));
const peakDelta = (s) => median(s.cold.map((x) => x.memory.after.peak - x.memory.idle.rss));
// Results saved before the settled reading existed have none: NaN.
const settledDelta = (s) =>
  median(s.cold.map((x) => (x.memory.settled?.rss ?? NaN) - x.memory.idle.rss));
const SETTLE_LABEL = '1.5 s after the answer';

/** The rows of the table: a name and how to read its number from one build's results. */
function rows(replyNames) {
  const out = [
    ['import via options page, s', (r) => r.import.ms / 1000, 1],
    ['import MB/s', (r) => r.import.mbPerS, 2],
    ['background work after the summary, s', (r) => r.import.settleS, 0],
    ['IndexedDB bytes per text byte', (r) => r.import.bytesPerByte, 2],
  ];
  for (const name of replyNames)
    out.push(
      [`${name}: cold wake + scan, median ms`, (r) => coldMs(r.scans[name]), 0],
      [
        `${name}: cold wake + scan, empty library, median ms`,
        (r) => median(r.empty?.[name]?.map((x) => x.ms) ?? []),
        0,
      ],
      [
        `${name}: key press in a chat page, check 1 s later, median ms`,
        (r) => median(r.scans[name].afterKey.map((x) => x.ms)),
        0,
      ],
      [
        `${name}: warm scan, same reply, median ms`,
        (r) => median(r.scans[name].same.map((x) => x.ms)),
        1,
      ],
      [
        `${name}: warm scan, other replies, median ms`,
        (r) => median(r.scans[name].other.map((x) => x.ms)),
        1,
      ],
      [
        `${name}: passages found (cold, of ${name.startsWith('2') ? 3 : 5})`,
        (r) => Math.min(...r.scans[name].cold.map((x) => x.found)),
        0,
      ],
      [
        `${name}: extension RSS after wake - idle, median MB`,
        (r) => memDelta(r.scans[name], 'rss'),
        0,
      ],
      [`${name}: extension peak RSS in wake - idle, median MB`, (r) => peakDelta(r.scans[name]), 0],
      [
        `${name}: extension RSS ${SETTLE_LABEL} - idle, median MB`,
        (r) => settledDelta(r.scans[name]),
        0,
      ],
    );
  out.push(
    [
      'extension RSS idle (2,000-word runs), median MB',
      (r) => median(r.scans[replyNames[0]].cold.map((x) => x.memory.idle.rss)),
      0,
    ],
    [
      'slowest wake after a stopped worker, ms',
      (r) => Math.max(...r.stops.wakes.map((w) => w.ms)),
      0,
    ],
    ['wake after the options page closed mid-import, ms', (r) => r.closed.wake?.ms, 0],
    [
      'a document stored before that close found after, s',
      (r) => (r.closed.findLast?.found ? r.closed.findLast.afterS : NaN),
      1,
    ],
  );
  return out;
}

/** One table: builds side by side, and each later build's ratio to the first. */
export function printTable(size, results) {
  const labels = results.map((r) => r.label);
  const ratio = labels.length === 2;
  console.log(`\n#### ${size}\n`);
  console.log(`| figure | ${labels.join(' | ')} |${ratio ? ` ${labels[1]} / ${labels[0]} |` : ''}`);
  console.log(`| --- |${labels.map(() => ' --: |').join('')}${ratio ? ' --: |' : ''}`);
  for (const [name, read, digits] of rows(Object.keys(results[0].scans))) {
    const values = results.map((r) => read(r));
    const cells = values.map((v) => f(v, digits));
    const r = ratio && values[0] ? ` ${f(values[1] / values[0], 2)} |` : ratio ? ' – |' : '';
    console.log(`| ${name} | ${cells.join(' | ')} |${r}`);
  }
}

/** The wakes of the extension whose worker only answers: no build's code at all. */
export function printBare(bare) {
  console.log('');
  for (const [name, cold] of Object.entries(bare))
    console.log(
      `An extension whose worker only answers (${name} reply): cold wake + answer ms ${list(cold.map((x) => x.ms))}, median ${f(median(cold.map((x) => x.ms)))}`,
    );
}

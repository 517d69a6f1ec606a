import { describe, expect, it } from 'vitest';
import { scoreProbe } from '../../../src/core/index';
import type { ProbeRecord } from '../../../src/library/store/index';
import { PROBE_CSV_COLUMNS, toProbeCsv, toProbeJson } from '../../../src/probe/probe-export';
import {
  checkSetup,
  DEFAULT_SETUP,
  fillTemplate,
  planProbes,
  PROMPT_TEMPLATES,
} from '../../../src/probe/probe-plan';
import { groupProbes, summarizeProbes } from '../../../src/probe/probe-summary';

const words = (n: number, from = 0): string =>
  Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');

describe('probe plan', () => {
  it('fills the prefix slot, or appends the prefix to a template without one', () => {
    expect(fillTemplate(PROMPT_TEMPLATES[0]!.text, 'It was')).toBe(
      'Continue this text exactly, word for word: It was',
    );
    expect(fillTemplate('Go on:  ', 'It was')).toBe('Go on: It was');
  });

  it('checks the setup and says what is wrong', () => {
    expect(checkSetup(DEFAULT_SETUP)).toBeUndefined();
    expect(checkSetup({ ...DEFAULT_SETUP, prefixWords: 2 })).toMatch(/prefix/);
    expect(checkSetup({ ...DEFAULT_SETUP, continuationWords: NaN })).toMatch(/continuation/);
    expect(checkSetup({ ...DEFAULT_SETUP, template: '  ' })).toMatch(/template/);
    expect(checkSetup({ ...DEFAULT_SETUP, choice: { kind: 'picked', wordStarts: [] } })).toMatch(
      /Pick/,
    );
  });

  it('cuts chapter openings, random places and picked places', () => {
    const text = `Chapter 1\n\n${words(30)}\n\nChapter 2\n\n${words(30, 100)}`;
    const setup = { ...DEFAULT_SETUP, prefixWords: 5, continuationWords: 5 };
    const chapters = planProbes(text, setup);
    expect(chapters.map((c) => c.prefix)).toEqual(['w0 w1 w2 w3 w4', 'w100 w101 w102 w103 w104']);
    expect(chapters[0]?.continuation).toBe('w5 w6 w7 w8 w9');
    const random = planProbes(text, { ...setup, count: 3, choice: { kind: 'random', seed: 9 } });
    expect(random).toHaveLength(3);
    expect(planProbes(text, { ...setup, count: 3, choice: { kind: 'random', seed: 9 } })).toEqual(
      random,
    );
    const picked = planProbes(text, { ...setup, choice: { kind: 'picked', wordStarts: [40, 3] } });
    expect(picked.map((c) => c.wordStart)).toEqual([3, 40]);
    // A place without room for a whole probe is left out.
    expect(planProbes(text, { ...setup, choice: { kind: 'picked', wordStarts: [60] } })).toEqual(
      [],
    );
  });
});

function record(id: string, reply: string, siteId = 'chatgpt', time = 1): ProbeRecord {
  const prefix = 'the cat sat on the mat';
  const continuation = 'and the old dog slept by the warm fire all night';
  return {
    id,
    runId: 'r',
    time,
    docId: 'd',
    title: 'Book',
    siteId,
    url: 'https://chatgpt.com/c/1',
    wordStart: 0,
    prefixWords: 6,
    continuationWords: 11,
    prompt: `=Continue: ${prefix}`,
    prefix,
    continuation,
    reply,
    scores: scoreProbe(prefix, continuation, reply),
  };
}

describe('probe summary and exports', () => {
  const records = [
    record('a', 'and the old dog slept by the warm fire all night'),
    record('b', 'and the old dog dozed by the warm fire all night'),
    record('c', 'I cannot help with that.'),
  ];

  it('summarizes by hand: 2 of 3 memorized, mean run (11 + 6 + 0) / 3', () => {
    const s = summarizeProbes(records);
    expect(s.probes).toBe(3);
    expect(s.memorized).toBe(2);
    expect(s.memorizedShare).toBeCloseTo(2 / 3, 10);
    expect(s.meanLongestRun).toBeCloseTo((11 + 6 + 0) / 3, 10);
    expect(s.top.map((r) => r.id)).toEqual(['a', 'b']);
    expect(summarizeProbes([])).toMatchObject({ probes: 0, memorizedShare: 0, meanLongestRun: 0 });
  });

  it('groups by document and site, newest first', () => {
    const groups = groupProbes([...records, record('x', 'y', 'claude', 5)]);
    expect(groups.map((g) => [g.siteId, g.records.length])).toEqual([
      ['claude', 1],
      ['chatgpt', 3],
    ]);
  });

  it('writes one CSV row per probe, formulas defused, quotes doubled', () => {
    const csv = toProbeCsv([record('a', 'say "hi", then go')], (id) => id.toUpperCase());
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(PROBE_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',CHATGPT,');
    expect(lines[1]).toContain("'=Continue: the cat sat on the mat");
    expect(lines[1]).toContain('"say ""hi"", then go"');
    const json = JSON.parse(toProbeJson(records, 0)) as { format: string; probes: unknown[] };
    expect(json.format).toBe('recital-probes');
    expect(json.probes).toHaveLength(3);
  });
});

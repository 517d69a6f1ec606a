import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let CLI = '';

const HARBOUR = `The Lantern Maker of Vell

Orla Finch kept the last lantern workshop on the harbour road, a narrow room that smelled of
beeswax, brass filings and the cold salt air that crept under the door every evening.

Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no
boat of Vell had been lost in the fog since she opened her shutters.
`;

const ORCHARD = `The glass orchard stood on a terrace above the river, where my grandmother grew quinces under
panes of green and amber glass salvaged from a chapel that had burned before the war.
`;

const HARBOUR_QUOTE =
  'Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no boat of Vell had been lost in the fog';
const ORCHARD_QUOTE =
  'the glass orchard stood on a terrace above the river, where my grandmother grew quinces under panes of green and amber glass';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

let dir = '';
const file = (name: string): string => path.join(dir, name);

function recital(args: string[], input?: string | Buffer): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-cli-'));
  // A fresh build of the current source, so a stale dist-cli never passes these tests.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', file('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  CLI = file('cli/recital.js');
  fs.mkdirSync(file('lib/nested/deeper'), { recursive: true });
  fs.writeFileSync(file('lib/harbour.txt'), HARBOUR);
  fs.writeFileSync(file('lib/nested/deeper/orchard.md'), ORCHARD);
  fs.writeFileSync(file('lib/nested/ignored.odt'), 'not a format the CLI reads');
  fs.writeFileSync(file('copy.txt'), `I remember this line: ${HARBOUR_QUOTE}. Lovely, isn't it?\n`);
  fs.writeFileSync(file('both.txt'), `First: “${ORCHARD_QUOTE}.” Then: **${HARBOUR_QUOTE}**.\n`);
  fs.writeFileSync(
    file('own.txt'),
    'A reply in my own words, which copies nothing from any book in the library.\n',
  );
  fs.writeFileSync(
    file('binary.txt'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  );
  fs.writeFileSync(
    file('latin1.txt'),
    Buffer.from('Caf\xe9 au lait, na\xefve r\xe9sum\xe9.\n', 'latin1'),
  );
  fs.mkdirSync(file('a-folder.txt'));
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital scan: usage errors', () => {
  it.each([
    ['no arguments', []],
    ['an unknown command', ['search']],
    ['no --library', ['scan', 'copy.txt']],
    ['--library without a path', ['scan', 'copy.txt', '--library']],
    ['no reply file', ['scan', '--library', 'lib']],
    ['an unknown option', ['scan', '--library', 'lib', '--fast', 'copy.txt']],
    ['--min-words 0', ['scan', '--library', 'lib', '--min-words', '0', 'copy.txt']],
    [
      '--min-words that is not a number',
      ['scan', '--library', 'lib', '--min-words', 'ten', 'copy.txt'],
    ],
  ])('exits 2 with a one-line message for %s', (_case, args) => {
    const run = recital(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^recital: /);
  });

  it('prints the usage and exits 0 for --help', () => {
    const run = recital(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: recital scan');
  });

  it('exits 1 naming a library path that does not exist', () => {
    const run = recital(['scan', '--library', 'no-such-lib', 'copy.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no-such-lib');
  });
});

describe('recital scan: reply files', () => {
  it.each([
    ['a missing file', 'missing.txt', /missing\.txt: no such file/],
    ['a folder', 'a-folder.txt', /a-folder\.txt: is a folder, not a text file/],
    ['a binary file', 'binary.txt', /binary\.txt: looks like a binary file/],
  ])('exits 1 naming %s, and still scans the other replies', (_case, bad, message) => {
    const run = recital(['scan', '--library', 'lib', '--json', 'own.txt', bad, 'copy.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l.reply)).toEqual(['own.txt', bad, 'copy.txt']);
    expect(lines[1]?.error).toMatch(message);
    expect((lines[2]?.matches as unknown[]).length).toBe(1);
  });

  it('reads one reply from standard input for -', () => {
    const run = recital(['scan', '--library', 'lib', '--json', '-'], `Quoting: ${HARBOUR_QUOTE}.`);
    expect(run.status).toBe(0);
    const [line] = jsonLines(run.stdout);
    expect(line?.reply).toBe('-');
    expect(line?.matches).toHaveLength(1);
  });

  it('reports binary standard input clearly', () => {
    const run = recital(['scan', '--library', 'lib', '-'], Buffer.from([0, 1, 2, 3, 0xff]));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('standard input: looks like a binary file');
  });

  it('reads a reply that is not UTF-8 as Windows-1252, as the extension does', () => {
    const run = recital(['scan', '--library', 'lib', '--json', 'latin1.txt']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(jsonLines(run.stdout)[0]).toMatchObject({ reply: 'latin1.txt', words: 5 });
  });

  it('writes a readable report without --json', () => {
    const run = recital(['scan', '--library', 'lib', 'copy.txt', 'own.txt']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('copy.txt: 31 words, 1 copied span');
    expect(run.stdout).toContain('from harbour.txt, “harbour”, characters');
    expect(run.stdout).toContain('own.txt: 15 words, 0 copied spans');
  });
});

describe('recital scan --json', () => {
  it('writes one line per reply, in argument order, with the documented fields and offsets', () => {
    const run = recital(['scan', '--library', 'lib', '--json', 'both.txt', 'own.txt', 'copy.txt']);
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(lines.map((l) => l.reply)).toEqual(['both.txt', 'own.txt', 'copy.txt']);
    for (const line of lines)
      expect(Object.keys(line).sort()).toEqual(['coverage', 'matches', 'reply', 'words']);

    const both = fs.readFileSync(file('both.txt'), 'utf8');
    const matches = lines[0]?.matches as Record<string, unknown>[];
    expect(matches.map((m) => Object.keys(m).sort())).toEqual(
      Array(2).fill([
        'author',
        'kind',
        'replyEnd',
        'replyStart',
        'score',
        'sharedBy',
        'source',
        'sourceEnd',
        'sourceStart',
        'title',
        'words',
      ]),
    );
    // Neither file names itself, so each is titled by its file name, without an author.
    expect(matches.map((m) => [m.source, m.title, m.author, m.kind, m.words])).toEqual([
      ['nested/deeper/orchard.md', 'orchard', null, 'exact', 22],
      ['harbour.txt', 'harbour', null, 'exact', 24],
    ]);
    const texts: Record<string, string> = {
      'nested/deeper/orchard.md': ORCHARD,
      'harbour.txt': HARBOUR,
    };
    for (const m of matches) {
      const replyText = both.slice(m.replyStart as number, m.replyEnd as number);
      const sourceText = (texts[m.source as string] as string).slice(
        m.sourceStart as number,
        m.sourceEnd as number,
      );
      expect(sourceText.replace(/\s+/g, ' ').toLowerCase()).toBe(replyText.toLowerCase());
    }
    expect(lines[0]?.coverage).toBeGreaterThan(0.9);
    expect(lines[1]).toEqual({ reply: 'own.txt', words: 15, coverage: 0, matches: [] });
  });

  it('names folder library documents by their path relative to the --library argument', () => {
    const run = recital([
      'scan',
      '--library',
      path.join(dir, 'lib', 'nested'),
      '--json',
      'both.txt',
    ]);
    const [line] = jsonLines(run.stdout);
    expect((line?.matches as Record<string, unknown>[]).map((m) => m.source)).toEqual([
      'deeper/orchard.md',
    ]);
  });

  it('names a single-file library by its file name', () => {
    const run = recital(['scan', '--library', 'lib/harbour.txt', '--json', 'both.txt']);
    const [line] = jsonLines(run.stdout);
    expect((line?.matches as Record<string, unknown>[]).map((m) => m.source)).toEqual([
      'harbour.txt',
    ]);
  });

  it.each([
    ['--min-words above the span length hides it', ['--min-words', '30'], 0],
    ['--min-words below the span length keeps it', ['--min-words', '20'], 1],
  ])('%s', (_case, options, count) => {
    const run = recital(['scan', '--library', 'lib', '--json', ...options, 'copy.txt']);
    expect((jsonLines(run.stdout)[0]?.matches as unknown[]).length).toBe(count);
  });

  it('reports only exact spans with --exact-only', () => {
    fs.writeFileSync(
      file('edited.txt'),
      `${HARBOUR_QUOTE.replace('foolish generosity', 'foolish kindness')} since she opened her shutters.`,
    );
    const near = jsonLines(recital(['scan', '--library', 'lib', '--json', 'edited.txt']).stdout)[0]
      ?.matches as Record<string, unknown>[];
    const exact = jsonLines(
      recital(['scan', '--library', 'lib', '--json', '--exact-only', 'edited.txt']).stdout,
    )[0]?.matches as Record<string, unknown>[];
    expect(near.map((m) => m.kind)).toEqual(['near']);
    expect(exact.every((m) => m.kind === 'exact')).toBe(true);
  });
});

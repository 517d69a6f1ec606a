import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
let CLI = '';
let dir = '';
const file = (name: string): string => path.join(dir, name);

const OPENING =
  'Every morning before the gulls woke, Tamsin Hale carried two buckets of brine up the cliff path to the drying pans, and every evening she counted the white crusts as if they were coins.';
// A Project Gutenberg plain-text book: the CLI reads its title and author from the header.
const SALT_BOOK = `The Project Gutenberg eBook of The Salt Keeper of Orrin Bay, by Mara Quill

Title: The Salt Keeper of Orrin Bay

Author: Mara Quill

*** START OF THE PROJECT GUTENBERG EBOOK THE SALT KEEPER OF ORRIN BAY ***

THE SALT KEEPER OF ORRIN BAY

by Mara Quill

CHAPTER I

${OPENING}
`;

const LINE =
  'All that glisters is not gold; often have you heard that told: many a man his life hath sold but my outside to behold';
const QUOTERS: Record<string, string> = {
  'casket.txt': `The prince opened the golden casket and found a scroll. ${LINE}. He left without a word.`,
  'sermons.txt': `Our preacher, who loved a borrowed line, said on Sunday: "${LINE}," and sat down.`,
  'letters.txt': `Dear Ann, you asked what my grandfather wrote in the album: ${LINE}. Yours, Tom.`,
};

function recital(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-titles-'));
  // A fresh build of the current source, so a stale dist-cli never passes these tests.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', file('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  CLI = file('cli/recital.js');
  fs.mkdirSync(file('lib'));
  fs.writeFileSync(file('lib/salt.txt'), SALT_BOOK);
  for (const [name, text] of Object.entries(QUOTERS)) fs.writeFileSync(file(`lib/${name}`), text);
  fs.writeFileSync(
    file('names.txt'),
    'You might enjoy The Project Gutenberg eBook of The Salt Keeper of Orrin Bay, by Mara Quill.\n',
  );
  fs.writeFileSync(
    file('opens.txt'),
    `It opens: THE SALT KEEPER OF ORRIN BAY, by Mara Quill. CHAPTER I. ${OPENING}\n`,
  );
  fs.writeFileSync(file('famous.txt'), `As the old rhyme goes, "${LINE}."\n`);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital scan: titles and common quotations', () => {
  it("does not report a reply that only names a book by its header's title and author", () => {
    const run = recital(['scan', '--library', 'lib', '--json', 'names.txt']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ reply: 'names.txt', matches: [] });
  });

  it('reports a copy that starts with the title page from the first word of the text', () => {
    const run = recital(['scan', '--library', 'lib', '--json', 'opens.txt']);
    const [match] = (JSON.parse(run.stdout) as { matches: Record<string, number>[] }).matches;
    const reply = fs.readFileSync(file('opens.txt'), 'utf8');
    expect(match && reply.slice(match.replyStart, match.replyEnd)).toBe(OPENING.slice(0, -1));
    expect(match && SALT_BOOK.slice(match.sourceStart, match.sourceEnd)).toBe(OPENING.slice(0, -1));
  });

  it('reports a line three library documents hold as a common quotation, not as a copy of one', () => {
    const json = recital(['scan', '--library', 'lib', '--json', 'famous.txt']);
    const { matches } = JSON.parse(json.stdout) as { matches: Record<string, unknown>[] };
    expect(matches.map((m) => m.sharedBy)).toEqual([3]);
    const readable = recital(['scan', '--library', 'lib', 'famous.txt']);
    expect(readable.stdout).toContain('a common quotation, in 3 library documents; one is ');
    expect(readable.stdout).not.toMatch(/^ {4}from /m);
  });
});

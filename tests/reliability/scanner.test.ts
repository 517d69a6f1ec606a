// Hostile files and faults for the built `recital` CLI: each case runs the real program on real
// files (symbolic links, FIFOs, devices, sparse giant files) in a temporary folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HARBOUR_QUOTE =
  'Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no boat of Vell had been lost in the fog';
const ORCHARD_QUOTE =
  'the glass orchard stood on a terrace above the river, where my grandmother grew quinces under panes of green and amber glass';
const HARBOUR = `The Lantern Maker of Vell\n\n${HARBOUR_QUOTE} since she opened her shutters.\n`;
const ORCHARD = `${ORCHARD_QUOTE} salvaged from a chapel that had burned before the war.\n`;
const MB = 1024 * 1024;

let dir = '';
let cli = '';
const at = (name: string): string => path.join(dir, name);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function recital(args: string[], options: { input?: string; stdin?: number } = {}): Run {
  const result = spawnSync(process.execPath, [cli, 'scan', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 15_000,
    ...(options.stdin === undefined ? { input: options.input ?? '' } : {}),
    ...(options.stdin === undefined ? {} : { stdio: [options.stdin, 'pipe', 'pipe'] }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const matchCounts = (stdout: string): number[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { matches?: unknown[] }).matches?.length ?? -1);

function write(name: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(at(name)), { recursive: true });
  fs.writeFileSync(at(name), content);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-reliability-'));
  // A fresh build of the current source, so a stale dist-cli never passes these tests.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', at('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  cli = at('cli/recital.js');
  write('lib/harbour.txt', HARBOUR);
  write('lib/orchard.md', ORCHARD);
  write('harbour-reply.txt', `I remember this: ${HARBOUR_QUOTE}.\n`);
  write('orchard-reply.txt', `And this: ${ORCHARD_QUOTE}.\n`);
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('symbolic links in the library', () => {
  it('follows a linked file and a linked folder, and reads a folder loop once', () => {
    write('outside/deep/orchard.txt', ORCHARD);
    fs.mkdirSync(at('links'));
    fs.symlinkSync(at('lib/harbour.txt'), at('links/harbour.txt'));
    fs.symlinkSync(at('outside'), at('links/outside'));
    fs.symlinkSync(at('links'), at('outside/deep/back-to-links'));
    const run = recital(['--library', 'links', '--json', 'harbour-reply.txt', 'orchard-reply.txt']);
    expect(run.status).toBe(0);
    expect(matchCounts(run.stdout)).toEqual([1, 1]);
    expect(run.stderr).toMatch(/back-to-links: is the folder links, read already; not read again/);
  });

  it.each([
    ['a broken link', 'gone.txt', () => fs.symlinkSync(at('nowhere.txt'), at('bad/gone.txt'))],
    [
      'a link loop',
      'loop.txt',
      () => {
        fs.symlinkSync(at('bad/loop.txt'), at('bad/loop2.txt'));
        fs.symlinkSync(at('bad/loop2.txt'), at('bad/loop.txt'));
      },
    ],
  ])('reports %s named like a text file, exits 1 and scans with the rest', (_c, name, make) => {
    fs.rmSync(at('bad'), { recursive: true, force: true });
    write('bad/harbour.txt', HARBOUR);
    make();
    const run = recital(['--library', 'bad', '--json', 'harbour-reply.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`skipped library file bad/${name}: .*(broken|loop)`));
    expect(matchCounts(run.stdout)).toEqual([1]);
  });
});

describe('special files', () => {
  it.each([
    ['a FIFO', 'fifo.txt', /fifo\.txt: is a named pipe/],
    ['/dev/zero', '/dev/zero', /\/dev\/zero: is a device/],
    ['a folder', 'lib', /lib: is a folder/],
  ])('refuses %s given as a reply at once and scans the others', (_c, reply, message) => {
    if (!fs.existsSync(at('fifo.txt'))) spawnSync('mkfifo', [at('fifo.txt')]);
    const started = Date.now();
    const run = recital(['--library', 'lib', '--json', reply, 'harbour-reply.txt']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(matchCounts(run.stdout)).toEqual([-1, 1]);
  });

  it('reports a FIFO inside the library folder and reads the rest', () => {
    write('piped/harbour.txt', HARBOUR);
    spawnSync('mkfifo', [at('piped/stream.txt')]);
    const run = recital(['--library', 'piped', '--json', 'harbour-reply.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/piped\/stream\.txt: is a named pipe/);
    expect(matchCounts(run.stdout)).toEqual([1]);
  });

  it.each([['/dev/zero'], ['fifo.txt']])('refuses %s given as the library', (library) => {
    if (!fs.existsSync(at('fifo.txt'))) spawnSync('mkfifo', [at('fifo.txt')]);
    const run = recital(['--library', library, 'harbour-reply.txt']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is a (device|named pipe)/);
  });

  it('refuses /dev/zero as standard input', () => {
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const run = recital(['--library', 'lib', '-'], { stdin: zero });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/standard input: is a device/);
    } finally {
      fs.closeSync(zero);
    }
  });
});

describe('encodings and sizes', () => {
  it.each([
    ['UTF-16 LE', (s: string) => Buffer.from(`\ufeff${s}`, 'utf16le')],
    ['UTF-16 BE', (s: string) => Buffer.from(`\ufeff${s}`, 'utf16le').swap16()],
  ])('reads %s with a BOM as a library file and as a reply', (name, encode) => {
    write(`utf16/${name}/harbour.txt`, encode(HARBOUR));
    write(`utf16/${name}/reply.txt`, encode(`Quoting: ${HARBOUR_QUOTE}.`));
    const run = recital([
      '--library',
      `utf16/${name}/harbour.txt`,
      '--json',
      `utf16/${name}/reply.txt`,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(matchCounts(run.stdout)).toEqual([1]);
  });

  it('refuses a 600 MB file by its size, as a library file and as a reply, without reading it', () => {
    write('huge/harbour.txt', HARBOUR);
    fs.closeSync(fs.openSync(at('huge/huge.txt'), 'w'));
    fs.truncateSync(at('huge/huge.txt'), 600 * MB);
    const run = recital(['--library', 'huge', '--json', 'huge/huge.txt', 'harbour-reply.txt']);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/huge\.txt: is 600 MB, larger than the 256 MB/);
    expect(matchCounts(run.stdout)).toEqual([-1, 1]);
  });

  it('scans a 3 million character reply', () => {
    const words = 'the sea was calm and the boats came home early that night '.repeat(52_000);
    write('long-reply.txt', `${words}\n${HARBOUR_QUOTE}.\n`);
    expect(fs.statSync(at('long-reply.txt')).size).toBeGreaterThan(3_000_000);
    const run = recital(['--library', 'lib', '--json', 'long-reply.txt']);
    expect(run.status).toBe(0);
    expect(matchCounts(run.stdout)).toEqual([1]);
  });
});

describe('faults during the run', () => {
  // The reply on standard input is larger than a pipe holds, so the write completes only once
  // the scanner reads it, that is after the library is indexed: then the library file changes.
  function scanAfterLibraryChange(change: () => void): Promise<Run> {
    write('mid/harbour.txt', HARBOUR);
    write('mid/orchard.txt', ORCHARD);
    const child = spawn(
      process.execPath,
      [cli, 'scan', '--library', 'mid', '--json', '-', 'orchard-reply.txt'],
      {
        cwd: dir,
        env: { ...process.env, RECITAL_TEXT_CACHE_MB: '0' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.write(`${'filler words for the pipe '.repeat(40_000)}${HARBOUR_QUOTE}.\n`, () => {
      change();
      child.stdin.end();
    });
    return new Promise((resolve) =>
      child.on('close', (status) => resolve({ status, stdout, stderr })),
    );
  }

  it.each([
    ['deleted', () => fs.rmSync(at('mid/harbour.txt')), /mid\/harbour\.txt: no such file/],
    [
      'rewritten',
      () => fs.writeFileSync(at('mid/harbour.txt'), 'Quite another text now.\n'),
      /mid\/harbour\.txt: changed since the library was read/,
    ],
  ])(
    'reports a library file %s mid-run once and scans every reply',
    async (_c, change, message) => {
      const run = await scanAfterLibraryChange(change);
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
      expect(run.stderr).toMatch(/its matches are left out/);
      expect(matchCounts(run.stdout)).toEqual([0, 1]);
    },
  );

  it('ends quietly, exit 0, when the output pipe closes early', () => {
    const replies = Array<string>(3000).fill('harbour-reply.txt').join(' ');
    const result = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${cli}" scan --library lib ${replies} | head -1`,
      ],
      { cwd: dir, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^harbour-reply\.txt: \d+ words, 1 copied span/);
  });
});

describe('malformed chat transcripts', () => {
  const export1 = JSON.stringify([
    {
      id: 'c1',
      title: 'T',
      mapping: {
        a: {
          id: 'a',
          message: { id: 'm', author: { role: 'assistant' }, content: { parts: [HARBOUR_QUOTE] } },
          parent: null,
          children: [],
        },
      },
    },
  ]);
  const zipWith = (entries: Record<string, string>): Buffer =>
    Buffer.from(
      zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)]))),
    );
  // The zip's central directory claims conversations.json unpacks to 300 MB: a bomb's signature.
  const bomb = (): Buffer => {
    const zip = zipWith({ 'conversations.json': export1 });
    const header = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(300 * MB, header + 24);
    return zip;
  };

  it.each([
    [
      'a cut-short export',
      'cut-short.json',
      () => export1.slice(0, 90),
      /is not valid JSON .*cut short/,
    ],
    [
      'a JSON of neither format',
      'neither.json',
      () => '{"users": [{"name": "x"}]}',
      /is JSON, but neither/,
    ],
    [
      'a list of the wrong objects',
      'wrong.json',
      () => '[{"mapping": "not an object"}, {"chat_messages": 3}]',
      /is JSON, but neither/,
    ],
    [
      'JSON lines of the wrong shape',
      'wrong-lines.jsonl',
      () => '{"messages": "not a list"}\n{"response": 5}\n',
      /is neither JSON nor a JSONL chat log \(line 1: /,
    ],
    [
      'a zip that is no export',
      'no-export.zip',
      () => zipWith({ 'notes.txt': 'hello' }),
      /is a zip without a conversations\.json/,
    ],
    [
      'a cut-short zip',
      'cut.zip',
      () => zipWith({ 'conversations.json': export1 }).subarray(0, 60),
      /is a damaged zip/,
    ],
    ['a zip bomb', 'bomb.zip', bomb, /has a conversations\.json that unpacks to more than 256 MB/],
  ])(
    'gives %s one clear line, no stack trace, and scans the other reply',
    (_c, name, make, message) => {
      write(name, make());
      const run = recital(['--library', 'lib', '--json', name, 'harbour-reply.txt']);
      expect(run.status).toBe(1);
      const [line, ...more] = run.stderr.trim().split('\n');
      expect(more).toEqual([]);
      expect(line?.startsWith(`recital: ${name}: `)).toBe(true);
      expect(line).toMatch(message);
      expect(matchCounts(run.stdout)).toEqual([-1, 1]);
    },
  );

  it('reports a 30 MB broken JSONL line in one short line and scans the lines around it', () => {
    const good = JSON.stringify({ response: `Quoting: ${HARBOUR_QUOTE}.` });
    write('huge-line.jsonl', `${good}\n{"response": "${'x'.repeat(30 * MB)}\n${good}\n`);
    const run = recital(['--library', 'lib', '--json', 'huge-line.jsonl']);
    expect(run.status).toBe(1);
    const errors = run.stderr.trim().split('\n');
    expect(errors).toEqual([
      expect.stringMatching(/^recital: huge-line\.jsonl: line 2: is not valid JSON/),
    ]);
    expect(errors[0]?.length).toBeLessThan(300);
    expect(matchCounts(run.stdout)).toEqual([1, -1, 1]);
  });

  it('refuses a 600 MB export by its size without reading it', () => {
    fs.writeFileSync(at('giant.json'), '[');
    fs.truncateSync(at('giant.json'), 600 * MB);
    const run = recital(['--library', 'lib', '--json', 'giant.json']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/giant\.json: is 600 MB, larger than the 256 MB/);
  });
});

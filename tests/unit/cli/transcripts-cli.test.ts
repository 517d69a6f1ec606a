// The built `recital` scanning chat transcripts end to end: a ChatGPT export (and its zip), a
// Claude export and a JSONL log, each embedding library passages in assistant and other turns.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

const HARBOUR_QUOTE =
  'Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no boat of Vell had been lost in the fog';
const ORCHARD_QUOTE =
  'the glass orchard stood on a terrace above the river, where my grandmother grew quinces under panes of green and amber glass';
// One word changed: a near copy.
const ORCHARD_NEAR = ORCHARD_QUOTE.replace('grandmother', 'grandfather');
const HARBOUR = `The Lantern Maker of Vell\n\n${HARBOUR_QUOTE} since she opened her shutters.\n`;
const ORCHARD = `The Glass Orchard\n\n${ORCHARD_QUOTE} salvaged from a chapel that burned.\n`;

const chatgptNode = (
  id: string,
  role: string | null,
  parts: unknown[],
  parent: string | null,
  children: string[],
) => ({
  id,
  message: role
    ? { id: `msg-${id}`, author: { role }, content: { content_type: 'text', parts } }
    : null,
  parent,
  children,
});

const CHATGPT = [
  {
    id: 'conv-a',
    title: 'Lanterns',
    current_node: 'a2',
    mapping: {
      root: chatgptNode('root', null, [], null, ['sys']),
      sys: chatgptNode('sys', 'system', [HARBOUR_QUOTE], 'root', ['u1']),
      u1: chatgptNode('u1', 'user', [`Do you know this? ${HARBOUR_QUOTE}`], 'sys', ['a1', 'a2']),
      a1: chatgptNode('a1', 'assistant', [`Yes: “${HARBOUR_QUOTE}.”`], 'u1', ['t1']),
      t1: chatgptNode('t1', 'tool', [ORCHARD_QUOTE], 'a1', ['a3']),
      a3: chatgptNode('a3', 'assistant', ['My own words entirely, nothing copied.'], 't1', []),
      a2: chatgptNode(
        'a2',
        'assistant',
        [{ content_type: 'image_asset_pointer' }, 'A picture, and then:', `${ORCHARD_NEAR}.`],
        'u1',
        [],
      ),
    },
  },
  {
    conversation_id: 'conv-b',
    title: 'Orchard',
    mapping: {
      u: chatgptNode('u', 'user', [HARBOUR_QUOTE], null, ['a']),
      a: chatgptNode('a', 'assistant', [`As the poem goes, ${ORCHARD_QUOTE}.`], 'u', []),
    },
  },
];

const CLAUDE = [
  {
    uuid: 'claude-1',
    name: 'Claude chat',
    chat_messages: [
      { uuid: 'h1', sender: 'human', text: `Finish this: ${HARBOUR_QUOTE}` },
      { uuid: 'c1', sender: 'assistant', text: `Of course. ${ORCHARD_QUOTE}.` },
      {
        uuid: 'c2',
        sender: 'assistant',
        text: '',
        content: [
          { type: 'text', text: 'Intro.' },
          { type: 'tool_use', name: 'search', input: { query: ORCHARD_QUOTE } },
          { type: 'text', text: `${HARBOUR_QUOTE}!` },
        ],
      },
    ],
  },
];

const JSONL = [
  JSON.stringify({
    id: 'row-1',
    messages: [
      { role: 'system', content: ORCHARD_QUOTE },
      { role: 'user', content: HARBOUR_QUOTE },
      { role: 'assistant', content: `As written: ${HARBOUR_QUOTE}` },
    ],
  }),
  '',
  JSON.stringify({ prompt: ORCHARD_QUOTE, response: 'Nothing copied in this response at all.' }),
  '{"messages": [',
  JSON.stringify({ id: 5, response: ORCHARD_QUOTE }),
].join('\n');

// The replies each file must give, in order, with texts as the issue defines them.
const EXPECTED = {
  chatgpt: [
    ['conv-a', 'msg-a1', 'Lanterns', `Yes: “${HARBOUR_QUOTE}.”`],
    ['conv-a', 'msg-a3', 'Lanterns', 'My own words entirely, nothing copied.'],
    ['conv-a', 'msg-a2', 'Lanterns', `A picture, and then:\n\n${ORCHARD_NEAR}.`],
    ['conv-b', 'msg-a', 'Orchard', `As the poem goes, ${ORCHARD_QUOTE}.`],
  ],
  claude: [
    ['claude-1', 'c1', 'Claude chat', `Of course. ${ORCHARD_QUOTE}.`],
    ['claude-1', 'c2', 'Claude chat', `Intro.\n\n${HARBOUR_QUOTE}!`],
  ],
  jsonl: [
    ['row-1', '2', undefined, `As written: ${HARBOUR_QUOTE}`],
    ['3', 'response', undefined, 'Nothing copied in this response at all.'],
    ['5', 'response', undefined, ORCHARD_QUOTE],
  ],
} as const;

let dir = '';
let cli = '';
const at = (name: string): string => path.join(dir, name);

function recital(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, 'scan', '--library', 'lib', ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Line = Record<string, unknown> & { matches?: Record<string, unknown>[] };
const jsonLines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-transcripts-'));
  // A fresh build of the current source, so a stale dist-cli never passes these tests.
  const build = spawnSync(
    'npx',
    ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', at('cli'), '--logLevel', 'error'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  cli = at('cli/recital.js');
  fs.mkdirSync(at('lib'));
  fs.writeFileSync(at('lib/harbour.txt'), HARBOUR);
  fs.writeFileSync(at('lib/orchard.txt'), ORCHARD);
  fs.writeFileSync(at('chatgpt.json'), JSON.stringify(CHATGPT, null, 2));
  fs.writeFileSync(at('claude.json'), JSON.stringify(CLAUDE));
  fs.writeFileSync(at('log.jsonl'), JSONL);
  fs.writeFileSync(
    at('chatgpt-export.zip'),
    zipSync({
      'chat.html': strToU8('<html>the export viewer</html>'),
      'conversations.json': strToU8(JSON.stringify(CHATGPT)),
      'user.json': strToU8('{"id": "user-1"}'),
      'file-abc.png': new Uint8Array(2048).map((_, i) => (i * 7919) % 256),
    }),
  );
  for (const [format, replies] of Object.entries(EXPECTED))
    replies.forEach(([, , , text], i) => fs.writeFileSync(at(`${format}-${i}.txt`), text));
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recital scan --json on transcripts', () => {
  it.each([
    ['a ChatGPT export', 'chatgpt.json', EXPECTED.chatgpt],
    ['a ChatGPT export zip', 'chatgpt-export.zip', EXPECTED.chatgpt],
    ['a Claude export', 'claude.json', EXPECTED.claude],
  ])('writes one line per assistant reply of %s, in order, named', (_case, file, expected) => {
    const run = recital(['--json', file]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => [l.conversation, l.message, l.title])).toEqual(
      expected.map(([conversation, message, title]) => [conversation, message, title]),
    );
    expect(lines.every((l) => l.reply === file)).toBe(true);
  });

  it('writes a bad JSONL line in its place, names lines by id or number, and exits 1', () => {
    const run = recital(['--json', 'log.jsonl']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^recital: log\.jsonl: line 4: is not valid JSON \(.+\)$/),
    ]);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => [l.conversation, l.message ?? l.error])).toEqual([
      ['row-1', '2'],
      ['3', 'response'],
      ['4', expect.stringMatching(/^line 4: is not valid JSON/)],
      ['5', 'response'],
    ]);
    expect(lines[0]).not.toHaveProperty('title');
  });

  it.each(Object.entries(EXPECTED))(
    'finds in the %s replies exactly what it finds in the same texts as plain files, at offsets into the reply text',
    (format, expected) => {
      const file = { chatgpt: 'chatgpt.json', claude: 'claude.json', jsonl: 'log.jsonl' }[format];
      const replies = jsonLines(recital(['--json', file as string]).stdout).filter((l) => !l.error);
      const plain = jsonLines(
        recital(['--json', ...expected.map((_, i) => `${format}-${i}.txt`)]).stdout,
      );
      expect(replies.map((l) => l.matches)).toEqual(plain.map((l) => l.matches));
      const library: Record<string, string> = { 'harbour.txt': HARBOUR, 'orchard.txt': ORCHARD };
      replies.forEach((line, i) => {
        const text = expected[i]?.[3] as string;
        for (const m of line.matches ?? []) {
          const copied = text.slice(m.replyStart as number, m.replyEnd as number);
          const source = (library[m.source as string] as string).slice(
            m.sourceStart as number,
            m.sourceEnd as number,
          );
          if (m.kind === 'exact')
            expect(copied.toLowerCase()).toBe(source.replace(/\s+/g, ' ').toLowerCase());
          else expect(copied.split(' ').length).toBeGreaterThanOrEqual(12);
        }
      });
    },
  );

  it('attributes every copy to its source, finds the near copy, and flags no other turn', () => {
    const run = recital(['--json', 'chatgpt.json', 'claude.json', 'log.jsonl']);
    const flagged = jsonLines(run.stdout)
      .filter((l) => (l.matches ?? []).length > 0)
      .map((l) => [l.conversation, l.message, l.matches?.map((m) => [m.source, m.kind])]);
    expect(flagged).toEqual([
      ['conv-a', 'msg-a1', [['harbour.txt', 'exact']]],
      ['conv-a', 'msg-a2', [['orchard.txt', 'near']]],
      ['conv-b', 'msg-a', [['orchard.txt', 'exact']]],
      ['claude-1', 'c1', [['orchard.txt', 'exact']]],
      ['claude-1', 'c2', [['harbour.txt', 'exact']]],
      ['row-1', '2', [['harbour.txt', 'exact']]],
      ['5', 'response', [['orchard.txt', 'exact']]],
    ]);
  });

  it('reads a JSONL log from standard input', () => {
    const run = recital(['--json', '-'], JSON.stringify({ response: `So: ${HARBOUR_QUOTE}` }));
    expect(run.status).toBe(0);
    expect(jsonLines(run.stdout)).toMatchObject([
      { reply: '-', conversation: '1', message: 'response', matches: [{ source: 'harbour.txt' }] },
    ]);
  });

  it('keeps plain-text reply lines as they were, beside transcript lines', () => {
    const lines = jsonLines(recital(['--json', 'claude-0.txt', 'claude.json']).stdout);
    expect(Object.keys(lines[0] ?? {}).sort()).toEqual(['coverage', 'matches', 'reply', 'words']);
    expect(Object.keys(lines[1] ?? {})).toEqual([
      'reply',
      'conversation',
      'message',
      'title',
      'words',
      'coverage',
      'matches',
    ]);
  });
});

describe('recital scan on transcripts, readable report', () => {
  it('heads each file with what it holds, names only the flagged replies by conversation, title and message, and ends with how many were flagged', () => {
    const run = recital(['chatgpt.json', 'log.jsonl']);
    expect(run.status).toBe(1);
    const headings = run.stdout.split('\n').filter((line) => /^\S/.test(line));
    expect(headings).toEqual([
      'chatgpt.json: ChatGPT export, 2 conversations, 4 assistant replies',
      expect.stringMatching(
        /^chatgpt\.json, conversation conv-a “Lanterns”, message msg-a1: \d+ words, 1 copied span/,
      ),
      expect.stringMatching(/^chatgpt\.json, conversation conv-a “Lanterns”, message msg-a2: /),
      expect.stringMatching(/^chatgpt\.json, conversation conv-b “Orchard”, message msg-a: /),
      'chatgpt.json: 3 of 4 assistant replies with copied spans',
      'log.jsonl: JSONL log, 3 conversations, 3 assistant replies',
      expect.stringMatching(/^log\.jsonl, conversation row-1, message 2: /),
      expect.stringMatching(/^log\.jsonl, conversation 5, message response: /),
      'log.jsonl: 2 of 3 assistant replies with copied spans',
    ]);
    expect(run.stdout).toContain('from harbour.txt');
  });
});

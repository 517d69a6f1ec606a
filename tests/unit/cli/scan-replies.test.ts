// `recital scan` streams: each reply's output is written before the next reply is read or
// scanned, in input order, for plain-text replies and transcripts, readable and --json alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassageIndex } from '../../../src/core/index';
import { LibraryTexts } from '../../../src/cli/library-texts';
import type { Args } from '../../../src/cli/parse-args';
import { readLibraryDocument } from '../../../src/cli/read-text-file';
import { scanReplies } from '../../../src/cli/scan-replies';
import { StandardOutput } from '../../../src/cli/standard-output';
import type { ReplyInput } from '../../../src/cli/transcripts/read-reply-input';

const LANTERN = `The Lantern Maker of Vell

Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no
boat of Vell had been lost in the fog since she opened her shutters.
`;
const QUOTE =
  'Her neighbours called it foolish generosity, but the harbourmaster wrote in his ledger that no boat of Vell had been lost in the fog';
const PLAIN = 'A reply that copies nothing at all from the library, in its own words entirely.';

let dir = '';
let index: PassageIndex;
let texts: LibraryTexts;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-stream-'));
  const file = path.join(dir, 'lantern.txt');
  fs.writeFileSync(file, LANTERN);
  index = new PassageIndex();
  texts = new LibraryTexts(1024 * 1024, () => {});
  const doc = await readLibraryDocument(file);
  index.addDocument('lantern.txt', doc.text);
  texts.add('lantern.txt', file, doc);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a scan whose replies come from `inputs`, logging each read, scan and write in order. */
async function streamed(inputs: Record<string, ReplyInput>, json: boolean): Promise<string[]> {
  const log: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        log.push(`wrote ${line}`);
      done();
    },
  });
  const scanning = Object.create(texts) as LibraryTexts;
  scanning.startReply = () => {
    log.push('scan');
    texts.startReply();
  };
  const args: Args = {
    libraries: [dir],
    minWords: 8,
    includeNear: true,
    json,
    replies: Object.keys(inputs),
  };
  const read = (arg: string): Promise<ReplyInput> => {
    log.push(`read ${arg}`);
    return Promise.resolve(inputs[arg] as ReplyInput);
  };
  const reporter = { warn: () => {}, fail: () => {}, progress: () => {} };
  await scanReplies(args, index, scanning, reporter, { output: new StandardOutput(sink), read });
  return log;
}

const text = (t: string): ReplyInput => ({ kind: 'text', text: t });

describe('scanReplies writes each reply as soon as it is scanned', () => {
  it.each([true, false])(
    'writes a plain-text reply before the next is read (--json %s)',
    async (json) => {
      const log = await streamed({ 'one.txt': text(QUOTE), 'two.txt': text(PLAIN) }, json);
      const wrote = (reply: string) => (json ? `wrote {"reply":"${reply}"` : `wrote ${reply}:`);
      const firstWrite = log.findIndex((entry) => entry.startsWith(wrote('one.txt')));
      expect(firstWrite).toBeGreaterThan(log.indexOf('read one.txt'));
      expect(firstWrite).toBeLessThan(log.indexOf('read two.txt'));
      const secondWrite = log.findIndex((entry) => entry.startsWith(wrote('two.txt')));
      expect(secondWrite).toBeGreaterThan(log.indexOf('read two.txt'));
    },
  );

  it.each([true, false])(
    'writes a transcript reply before the next is scanned (--json %s)',
    async (json) => {
      const reply = (message: string, t: string) => ({
        kind: 'reply' as const,
        conversation: 'c1',
        message,
        text: t,
      });
      const transcript: ReplyInput = {
        kind: 'transcript',
        transcript: {
          format: 'JSONL log',
          conversations: 1,
          items: [reply('m1', QUOTE), reply('m2', PLAIN), reply('m3', QUOTE)],
        },
      };
      const log = (await streamed({ 'log.jsonl': transcript }, json)).filter(
        (entry) => entry === 'scan' || /^wrote (\{"reply"|log\.jsonl)/.test(entry),
      );
      const m = (id: string) =>
        expect.stringMatching(
          json
            ? `^wrote \\{"reply":"log\\.jsonl","conversation":"c1","message":"${id}"`
            : `^wrote log\\.jsonl, conversation c1, message ${id}: `,
        );
      const head = 'wrote log.jsonl: JSONL log, 1 conversation, 3 assistant replies';
      const tail = 'wrote log.jsonl: 2 of 3 assistant replies with copied spans';
      expect(log).toEqual(
        json
          ? ['scan', m('m1'), 'scan', m('m2'), 'scan', m('m3')]
          : [head, 'scan', m('m1'), 'scan', 'scan', m('m3'), tail],
      );
    },
  );
});

import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../../../src/cli/transcripts/read-transcript';
import { TranscriptError } from '../../../../src/cli/transcripts/types';

const CHATGPT = [
  {
    id: 'c1',
    title: 'T',
    mapping: {
      a: {
        id: 'a',
        message: { id: 'm', author: { role: 'assistant' }, content: { parts: ['hello'] } },
        parent: null,
        children: [],
      },
    },
  },
];
const CLAUDE = [
  { uuid: 'k', name: 'N', chat_messages: [{ uuid: 'a', sender: 'assistant', text: 'hi' }] },
];

describe('readTranscript: telling the format from the content', () => {
  it.each([
    ['a ChatGPT export', JSON.stringify(CHATGPT), 'ChatGPT export'],
    ['a pretty-printed ChatGPT export', JSON.stringify(CHATGPT, null, 2), 'ChatGPT export'],
    ['a Claude export', JSON.stringify(CLAUDE), 'Claude export'],
    ['an empty export', '[ ]', 'empty export'],
    ['a JSONL log', '{"response": "a"}\n{"response": "b"}\n', 'JSONL log'],
    ['a one-line JSONL log', '{"response": "a"}', 'JSONL log'],
  ])('reads %s', (_case, text, format) => {
    expect(readTranscript(text)?.format).toBe(format);
  });

  it.each([
    ['prose', 'The lantern maker kept the last workshop on the harbour road.'],
    ['a citation mark', '[1] Finch, O. The Lantern Maker of Vell.'],
    ['a Markdown link', '[the book](https://example.com) says so'],
    ['a template in braces', '{name}, thank you for writing.'],
    ['a list of numbers', '[1, 2, 3]'],
  ])('leaves %s to be read as a plain-text reply', (_case, text) => {
    expect(readTranscript(text)).toBeUndefined();
  });

  it('names a pretty-printed JSONL record by the line it starts on', () => {
    const transcript = readTranscript('\n\n{\n  "response": "spread over lines"\n}\n');
    expect(transcript?.items).toEqual([
      { kind: 'reply', conversation: '3', message: 'response', text: 'spread over lines' },
    ]);
  });

  it.each([
    ['a cut-short export', JSON.stringify(CHATGPT).slice(0, 60), /not valid JSON .*cut short/],
    ['a list of other objects', '[{"name": "x"}]', /neither a ChatGPT or Claude export/],
    ['an object of another kind', '{"mapping": {}}', /neither a ChatGPT or Claude export/],
    ['a mixed list', JSON.stringify([...CHATGPT, ...CLAUDE]), /neither/],
    [
      'JSON lines of no known record',
      '{"a": 1}\n{"b": 2}\n',
      /neither JSON nor a JSONL chat log \(line 1: /,
    ],
    [
      'broken JSON lines',
      '{"response": \n{"response": \n',
      /neither JSON nor a JSONL chat log \(line 1: /,
    ],
  ])('throws a one-line TranscriptError for %s', (_case, text, message) => {
    expect(() => readTranscript(text)).toThrow(TranscriptError);
    expect(() => readTranscript(text)).toThrow(message);
    try {
      readTranscript(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reports a damaged conversation and reads the others', () => {
    const text = JSON.stringify([{ id: 'broken', title: 'x' }, ...CHATGPT]);
    expect(readTranscript(text)?.items).toEqual([
      {
        kind: 'problem',
        conversation: 'broken',
        message: expect.stringMatching(/conversation 1 has no "mapping"/),
      },
      { kind: 'reply', conversation: 'c1', message: 'm', title: 'T', text: 'hello' },
    ]);
  });
});

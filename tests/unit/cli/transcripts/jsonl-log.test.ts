import { describe, expect, it } from 'vitest';
import { readJsonlLog } from '../../../../src/cli/transcripts/jsonl-log';

const LIBRARY_LINE = 'In the glass orchard the apples ring like bells when the north wind combs';
const line = (value: unknown): string => JSON.stringify(value);

describe('readJsonlLog', () => {
  it('reads both record shapes, skips blank lines and reports a bad line by number', () => {
    const text = [
      line({
        id: 'chat-a',
        messages: [
          { role: 'system', content: LIBRARY_LINE },
          { role: 'user', content: LIBRARY_LINE },
          { role: 'assistant', content: 'first reply' },
          { role: 'tool', content: LIBRARY_LINE },
          { role: 'assistant', content: [{ type: 'text', text: 'not a string' }] },
          { role: 'assistant', content: 'second reply' },
        ],
      }),
      '',
      '   ',
      line({ prompt: LIBRARY_LINE, response: 'a completion' }),
      '{"messages": [oops',
      line({ id: 42, response: 'numbered' }),
      line(['not', 'a', 'record']),
      line({ messages: [{ role: 'user', content: 'only a question' }] }),
    ].join('\r\n');
    const { items, records } = readJsonlLog(text);
    expect(records).toBe(4);
    expect(items).toEqual([
      { kind: 'reply', conversation: 'chat-a', message: '2', text: 'first reply' },
      { kind: 'reply', conversation: 'chat-a', message: '5', text: 'second reply' },
      { kind: 'reply', conversation: '4', message: 'response', text: 'a completion' },
      {
        kind: 'problem',
        conversation: '5',
        message: expect.stringMatching(/^line 5: is not valid JSON \(.+\)$/),
      },
      { kind: 'reply', conversation: '42', message: 'response', text: 'numbered' },
      {
        kind: 'problem',
        conversation: '7',
        message: expect.stringMatching(/^line 7: is not a \{"messages"/),
      },
    ]);
  });

  it('never reads user, system or tool content', () => {
    const text = line({ messages: [{ role: 'user', content: LIBRARY_LINE }] });
    expect(readJsonlLog(text).items).toEqual([]);
  });

  it('reads assistant messages and the response of a record that has both', () => {
    const text = line({
      messages: [{ role: 'assistant', content: 'in messages' }],
      response: 'the response',
    });
    expect(readJsonlLog(text).items.map((i) => i.kind === 'reply' && i.message)).toEqual([
      '0',
      'response',
    ]);
  });

  it('keeps a bad line’s error on one short line', () => {
    const text = `{"response": "${'x'.repeat(10_000)}\n`;
    const [problem] = readJsonlLog(text).items;
    expect(problem?.kind).toBe('problem');
    expect(problem?.kind === 'problem' && problem.message.length).toBeLessThan(200);
  });
});

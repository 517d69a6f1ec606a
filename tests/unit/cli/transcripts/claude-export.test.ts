import { describe, expect, it } from 'vitest';
import { readClaudeConversation } from '../../../../src/cli/transcripts/claude-export';
import { TranscriptError } from '../../../../src/cli/transcripts/types';

const LIBRARY_LINE = 'In the glass orchard the apples ring like bells when the north wind combs';

const CONVERSATION = {
  uuid: 'conv-claude',
  name: 'Poems',
  created_at: '2024-05-01T10:00:00Z',
  chat_messages: [
    {
      uuid: 'h1',
      sender: 'human',
      text: LIBRARY_LINE,
      content: [{ type: 'text', text: LIBRARY_LINE }],
    },
    { uuid: 'a1', sender: 'assistant', text: 'An answer in its own words.' },
    {
      uuid: 'a2',
      sender: 'assistant',
      text: '',
      content: [
        { type: 'text', text: 'First block.' },
        { type: 'tool_use', name: 'search', input: { q: LIBRARY_LINE } },
        { type: 'tool_result', content: [{ type: 'text', text: LIBRARY_LINE }] },
        { type: 'text', text: 'Second block.' },
      ],
    },
    {
      uuid: 'a3',
      sender: 'assistant',
      text: 'Text wins.',
      content: [{ type: 'text', text: 'ignored' }],
    },
    { uuid: 'a4', sender: 'assistant', text: '', content: [] },
    { uuid: 'h2', sender: 'human', text: `Again: ${LIBRARY_LINE}` },
  ],
};

describe('readClaudeConversation', () => {
  it('reads assistant messages in order, named by uuid, titled by name', () => {
    expect(readClaudeConversation(CONVERSATION, 1)).toEqual([
      {
        kind: 'reply',
        conversation: 'conv-claude',
        message: 'a1',
        title: 'Poems',
        text: 'An answer in its own words.',
      },
      {
        kind: 'reply',
        conversation: 'conv-claude',
        message: 'a2',
        title: 'Poems',
        text: 'First block.\n\nSecond block.',
      },
      {
        kind: 'reply',
        conversation: 'conv-claude',
        message: 'a3',
        title: 'Poems',
        text: 'Text wins.',
      },
    ]);
  });

  it('never reads human messages or tool blocks, even when they hold library text', () => {
    const texts = readClaudeConversation(CONVERSATION, 1).map((r) => r.text);
    expect(texts.some((t) => t.includes('glass orchard'))).toBe(false);
  });

  it('falls back to the position and the index when uuids are missing', () => {
    const replies = readClaudeConversation(
      {
        chat_messages: [
          { sender: 'human', text: 'q' },
          { sender: 'assistant', text: 'a' },
        ],
      },
      4,
    );
    expect(replies).toEqual([{ kind: 'reply', conversation: '4', message: '1', text: 'a' }]);
  });

  it('throws a TranscriptError naming the conversation without chat_messages', () => {
    expect(() => readClaudeConversation({ uuid: 'x' }, 2)).toThrow(TranscriptError);
    expect(() => readClaudeConversation({ uuid: 'x' }, 2)).toThrow(/conversation 2/);
  });
});

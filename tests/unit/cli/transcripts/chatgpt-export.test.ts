import { describe, expect, it } from 'vitest';
import {
  isChatGptConversation,
  readChatGptConversation,
} from '../../../../src/cli/transcripts/chatgpt-export';
import { TranscriptError } from '../../../../src/cli/transcripts/types';

const LIBRARY_LINE = 'In the glass orchard the apples ring like bells when the north wind combs';

interface NodeSpec {
  role?: 'user' | 'assistant' | 'system' | 'tool';
  parts?: unknown[];
  contentType?: string;
  parent?: string | null;
  children?: string[];
}

// A mapping node as ChatGPT writes it: the node id, a message (null for the root) and links.
function node(id: string, spec: NodeSpec): Record<string, unknown> {
  return {
    id,
    message: spec.role
      ? {
          id: `msg-${id}`,
          author: { role: spec.role, name: null, metadata: {} },
          content: { content_type: spec.contentType ?? 'text', parts: spec.parts ?? [] },
          status: 'finished_successfully',
        }
      : null,
    parent: spec.parent ?? null,
    children: spec.children ?? [],
  };
}

function conversation(nodes: Record<string, NodeSpec>, extra: Record<string, unknown> = {}) {
  const mapping = Object.fromEntries(
    Object.entries(nodes).map(([id, spec]) => [id, node(id, spec)]),
  );
  return { title: 'Orchard questions', id: 'conv-1', current_node: 'a2', mapping, ...extra };
}

// root -> system -> user -> (a1 | a2 regenerated) ; a1 -> user2 -> a3 ; a2 -> tool -> a4
const BRANCHED = conversation({
  root: { children: ['sys'] },
  sys: { role: 'system', parts: [LIBRARY_LINE], parent: 'root', children: ['u1'] },
  u1: { role: 'user', parts: [`Quote: ${LIBRARY_LINE}`], parent: 'sys', children: ['a1', 'a2'] },
  a1: { role: 'assistant', parts: ['first answer'], parent: 'u1', children: ['u2'] },
  a2: { role: 'assistant', parts: ['regenerated answer'], parent: 'u1', children: ['t1'] },
  u2: { role: 'user', parts: [LIBRARY_LINE], parent: 'a1', children: ['a3'] },
  a3: { role: 'assistant', parts: ['answer on the first branch'], parent: 'u2' },
  t1: { role: 'tool', parts: [LIBRARY_LINE], parent: 'a2', children: ['a4'] },
  a4: { role: 'assistant', parts: ['answer after the tool'], parent: 't1' },
});

describe('readChatGptConversation', () => {
  it('reads every assistant message of a branched tree once, depth first in children order', () => {
    const replies = readChatGptConversation(BRANCHED, 1);
    expect(replies.map((r) => [r.message, r.text])).toEqual([
      ['msg-a1', 'first answer'],
      ['msg-a3', 'answer on the first branch'],
      ['msg-a2', 'regenerated answer'],
      ['msg-a4', 'answer after the tool'],
    ]);
    expect(
      replies.every((r) => r.conversation === 'conv-1' && r.title === 'Orchard questions'),
    ).toBe(true);
  });

  it('never reads user, system or tool messages, even when they hold library text', () => {
    const texts = readChatGptConversation(BRANCHED, 1).map((r) => r.text);
    expect(texts.some((t) => t.includes('glass orchard'))).toBe(false);
  });

  it('gives the same replies whatever order the mapping lists its nodes in', () => {
    const shuffled = {
      ...BRANCHED,
      mapping: Object.fromEntries(Object.entries(BRANCHED.mapping).reverse()),
    };
    expect(readChatGptConversation(shuffled, 1)).toEqual(readChatGptConversation(BRANCHED, 1));
  });

  it('joins string parts with a blank line and skips image and other object parts', () => {
    const replies = readChatGptConversation(
      conversation({
        root: { children: ['a'] },
        a: {
          role: 'assistant',
          contentType: 'multimodal_text',
          parts: [
            { content_type: 'image_asset_pointer', asset_pointer: 'file-service://x' },
            'one',
            '',
            'two',
          ],
          parent: 'root',
        },
      }),
      1,
    );
    expect(replies.map((r) => r.text)).toEqual(['one\n\n\n\ntwo']);
  });

  it.each([
    ['no parts', { role: 'assistant' as const, parts: [] }],
    ['only an image', { role: 'assistant' as const, parts: [{ asset_pointer: 'x' }] }],
    ['only blank text', { role: 'assistant' as const, parts: ['  \n'] }],
    [
      'code content without parts',
      { role: 'assistant' as const, contentType: 'code', parts: undefined },
    ],
  ])('skips an assistant message with %s', (_case, spec) => {
    const tree = conversation({ root: { children: ['a'] }, a: { ...spec, parent: 'root' } });
    expect(readChatGptConversation(tree, 1)).toEqual([]);
  });

  it('reads nodes no root reaches and a cycle without repeating any', () => {
    const tree = conversation({
      x: { role: 'assistant', parts: ['in a cycle x'], parent: 'y', children: ['y'] },
      y: { role: 'assistant', parts: ['in a cycle y'], parent: 'x', children: ['x', 'x'] },
      orphan: { role: 'assistant', parts: ['parent is missing'], parent: 'gone' },
    });
    expect(readChatGptConversation(tree, 1).map((r) => r.text)).toEqual([
      'parent is missing',
      'in a cycle x',
      'in a cycle y',
    ]);
  });

  it('reads a chain 20,000 messages deep without overflowing the stack', () => {
    const nodes: Record<string, NodeSpec> = {};
    for (let i = 0; i < 20_000; i++)
      nodes[`n${i}`] = {
        role: i % 2 ? 'assistant' : 'user',
        parts: [`turn ${i}`],
        parent: i ? `n${i - 1}` : null,
        children: [`n${i + 1}`],
      };
    const replies = readChatGptConversation(conversation(nodes), 1);
    expect(replies).toHaveLength(10_000);
    expect(replies[9_999]?.text).toBe('turn 19999');
  });

  it.each([
    ['conversation_id', { conversation_id: 'from-cid', id: undefined }, 'from-cid'],
    ['id', { id: 'from-id' }, 'from-id'],
    ['its position when it has neither', { id: undefined }, '7'],
  ])('names the conversation by %s', (_case, extra, expected) => {
    const tree = conversation({ a: { role: 'assistant', parts: ['hello there'] } }, extra);
    expect(readChatGptConversation(tree, 7)[0]?.conversation).toBe(expected);
  });

  it('leaves the title out when the conversation has none', () => {
    const tree = conversation({ a: { role: 'assistant', parts: ['hi'] } }, { title: null });
    expect(readChatGptConversation(tree, 1)[0]).not.toHaveProperty('title');
  });

  it('throws a TranscriptError for a conversation without a mapping', () => {
    expect(isChatGptConversation({ title: 'x' })).toBe(false);
    expect(() => readChatGptConversation({ title: 'x' }, 3)).toThrow(TranscriptError);
    expect(() => readChatGptConversation({ title: 'x' }, 3)).toThrow(/conversation 3/);
  });
});

// ChatGPT's data export (conversations.json): a list of conversations, each a tree of messages
// in `mapping`. Every branch is read (regenerated and edited replies too), in a stable order.
import { isRecord } from '../../shared/is-record';
import { fieldString } from './field-string';
import { TranscriptError, type TranscriptReply } from './types';

/** Whether a parsed conversations.json element looks like a ChatGPT conversation. */
export function isChatGptConversation(value: unknown): boolean {
  return isRecord(value) && isRecord(value.mapping);
}

/**
 * The assistant replies of one conversation: nodes in depth-first order from each root (a node
 * without a parent in the mapping), children in their listed order, then any node no root
 * reaches (a broken tree), in mapping order. Each node is visited once, so a branched or even
 * cyclic tree neither loses nor repeats a message.
 */
export function readChatGptConversation(value: unknown, position: number): TranscriptReply[] {
  if (!isRecord(value) || !isRecord(value.mapping))
    throw new TranscriptError(`conversation ${position} has no "mapping" of messages`);
  const mapping = value.mapping;
  const conversation =
    fieldString(value.conversation_id) ?? fieldString(value.id) ?? String(position);
  const title = fieldString(value.title);
  const replies: TranscriptReply[] = [];
  for (const key of nodeOrder(mapping)) {
    const node = mapping[key];
    const message = isRecord(node) ? node.message : undefined;
    if (!isRecord(message) || !isRecord(message.author) || message.author.role !== 'assistant')
      continue;
    const text = partsText(message.content);
    if (text.trim() === '') continue;
    const id = fieldString(message.id) ?? fieldString((node as Record<string, unknown>).id) ?? key;
    replies.push({
      kind: 'reply',
      conversation,
      message: id,
      ...(title === undefined ? {} : { title }),
      text,
    });
  }
  return replies;
}

// The string parts joined by a blank line; images, audio and other object parts are skipped.
function partsText(content: unknown): string {
  if (!isRecord(content) || !Array.isArray(content.parts)) return '';
  return content.parts.filter((part): part is string => typeof part === 'string').join('\n\n');
}

function nodeOrder(mapping: Record<string, unknown>): string[] {
  const nodes = new Map(Object.entries(mapping));
  const roots: string[] = [];
  for (const [key, node] of nodes) {
    const parent = isRecord(node) ? node.parent : undefined;
    if (typeof parent !== 'string' || !nodes.has(parent)) roots.push(key);
  }
  const seen = new Set<string>();
  const order: string[] = [];
  // Iterative: a long conversation is a chain thousands of nodes deep.
  for (const start of [...roots, ...nodes.keys()]) {
    const stack = [start];
    while (stack.length > 0) {
      const key = stack.pop() as string;
      if (seen.has(key) || !nodes.has(key)) continue;
      seen.add(key);
      order.push(key);
      const node = nodes.get(key);
      const children = isRecord(node) && Array.isArray(node.children) ? node.children : [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child: unknown = children[i];
        if (typeof child === 'string') stack.push(child);
      }
    }
  }
  return order;
}

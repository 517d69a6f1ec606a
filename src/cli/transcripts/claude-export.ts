// Claude's data export (conversations.json): a list of conversations with `chat_messages`.
import { isRecord } from '../../shared/is-record';
import { fieldString } from './field-string';
import { TranscriptError, type TranscriptReply } from './types';

/** Whether a parsed conversations.json element looks like a Claude conversation. */
export function isClaudeConversation(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.chat_messages);
}

/**
 * The assistant replies of one conversation, in `chat_messages` order. A reply's text is its
 * `text`; when that is empty (newer exports keep the text in `content` blocks), it is the
 * `content` blocks of type "text" joined by a blank line. Human messages are never read.
 */
export function readClaudeConversation(value: unknown, position: number): TranscriptReply[] {
  if (!isRecord(value) || !Array.isArray(value.chat_messages))
    throw new TranscriptError(`conversation ${position} has no "chat_messages" list`);
  const conversation = fieldString(value.uuid) ?? String(position);
  const title = fieldString(value.name);
  const replies: TranscriptReply[] = [];
  for (const [index, message] of value.chat_messages.entries()) {
    if (!isRecord(message) || message.sender !== 'assistant') continue;
    const text =
      typeof message.text === 'string' && message.text.trim() !== ''
        ? message.text
        : contentText(message.content);
    if (text.trim() === '') continue;
    replies.push({
      kind: 'reply',
      conversation,
      message: fieldString(message.uuid) ?? String(index),
      ...(title === undefined ? {} : { title }),
      text,
    });
  }
  return replies;
}

function contentText(content: unknown): string {
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const block of content)
    if (isRecord(block) && block.type === 'text' && typeof block.text === 'string')
      texts.push(block.text);
  return texts.join('\n\n');
}

// JSON Lines chat logs: each line is {"messages": [{role, content}, ...]} (a fine-tuning or eval
// set) or {"prompt", "response"} (a completion log), with an optional "id".
import { isRecord } from '../../shared/is-record';
import { describeJsonError } from './describe-json-error';
import { fieldString } from './field-string';
import type { TranscriptItem, TranscriptReply } from './types';

/** Whether a parsed line is one of the two record shapes. */
export function isJsonlRecord(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (Array.isArray(value.messages) || typeof value.response === 'string');
}

/**
 * The replies and bad lines of a JSONL log, in line order. Blank lines are skipped; a line that
 * is not JSON or not a record is a problem named by its line number, and the others go on.
 * Assistant messages with string content are replies (message = their index in `messages`),
 * then `response` (message = "response"); user, system and tool messages are never read.
 */
export function readJsonlLog(text: string): { items: TranscriptItem[]; records: number } {
  const items: TranscriptItem[] = [];
  let records = 0;
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber++;
    if (line.trim() === '') continue;
    const conversationOfLine = String(lineNumber);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const message = `line ${lineNumber}: is not valid JSON (${describeJsonError(error)})`;
      items.push({ kind: 'problem', conversation: conversationOfLine, message });
      continue;
    }
    if (!isJsonlRecord(value)) {
      const message = `line ${lineNumber}: is not a {"messages": [...]} or {"response": "..."} record`;
      items.push({ kind: 'problem', conversation: conversationOfLine, message });
      continue;
    }
    records++;
    items.push(...readJsonlRecord(value, conversationOfLine));
  }
  return { items, records };
}

/** The replies of one record; `lineNumber` names the conversation when the record has no id. */
export function readJsonlRecord(
  record: Record<string, unknown>,
  lineNumber: string,
): TranscriptReply[] {
  const conversation = fieldString(record.id) ?? lineNumber;
  const replies: TranscriptReply[] = [];
  const add = (message: string, text: string): void => {
    if (text.trim() !== '') replies.push({ kind: 'reply', conversation, message, text });
  };
  if (Array.isArray(record.messages))
    for (const [index, message] of record.messages.entries())
      if (isRecord(message) && message.role === 'assistant' && typeof message.content === 'string')
        add(String(index), message.content);
  if (typeof record.response === 'string') add('response', record.response);
  return replies;
}

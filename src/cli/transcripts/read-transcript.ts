// Tells a transcript from a plain-text reply by its content (never its name) and reads it.
import { isRecord } from '../../shared/is-record';
import { isChatGptConversation, readChatGptConversation } from './chatgpt-export';
import { isClaudeConversation, readClaudeConversation } from './claude-export';
import { describeJsonError } from './describe-json-error';
import { fieldString } from './field-string';
import { isJsonlRecord, readJsonlLog, readJsonlRecord } from './jsonl-log';
import { TranscriptError, type Transcript, type TranscriptItem } from './types';

// A JSON list (of objects, lists or strings, or empty) or an object with a key: prose that merely
// starts with "[1]" or "{curly}" stays a plain-text reply.
const LOOKS_LIKE_JSON = /^\s*(\[\s*[{["\]]|\{\s*["}])/;

const NEITHER =
  'is JSON, but neither a ChatGPT or Claude export (a list of conversations with "mapping" or "chat_messages") nor a JSONL chat log ({"messages": [...]} or {"response": "..."} records)';

/**
 * The transcript in a decoded file, or undefined when the text is a plain-text reply. Throws
 * TranscriptError when it looks like JSON but is not a transcript recital reads.
 */
export function readTranscript(text: string): Transcript | undefined {
  if (!LOOKS_LIKE_JSON.test(text.slice(0, 4096))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trimStart().startsWith('[')) {
      throw new TranscriptError(
        `is not valid JSON (${describeJsonError(error)}); if it is an export, it may be cut short: download it again`,
      );
    }
    const log = readJsonlLog(text);
    if (log.records > 0)
      return { format: 'JSONL log', conversations: log.records, items: log.items };
    const first = log.items.find((item) => item.kind === 'problem');
    throw new TranscriptError(
      `is neither JSON nor a JSONL chat log${first ? ` (${first.message})` : ''}`,
    );
  }
  if (Array.isArray(value)) return readExport(value);
  if (isJsonlRecord(value)) {
    // One record, maybe spread over lines: it is the log's line where it starts.
    const line = text.slice(0, text.search(/\S/)).split('\n').length;
    return { format: 'JSONL log', conversations: 1, items: readJsonlRecord(value, String(line)) };
  }
  throw new TranscriptError(NEITHER);
}

function readExport(conversations: unknown[]): Transcript {
  const isChatGpt = conversations.some(isChatGptConversation);
  const isClaude = conversations.some(isClaudeConversation);
  if (conversations.length > 0 && isChatGpt === isClaude) throw new TranscriptError(NEITHER);
  const read = isChatGpt ? readChatGptConversation : readClaudeConversation;
  const items: TranscriptItem[] = [];
  for (const [index, conversation] of conversations.entries()) {
    try {
      items.push(...read(conversation, index + 1));
    } catch (error) {
      if (!(error instanceof TranscriptError)) throw error;
      // One damaged conversation is reported and the others are still scanned.
      const named = idOf(conversation) ?? String(index + 1);
      items.push({ kind: 'problem', conversation: named, message: error.message });
    }
  }
  return {
    format: isChatGpt ? 'ChatGPT export' : isClaude ? 'Claude export' : 'empty export',
    conversations: conversations.length,
    items,
  };
}

function idOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  return fieldString(value.conversation_id) ?? fieldString(value.id) ?? fieldString(value.uuid);
}

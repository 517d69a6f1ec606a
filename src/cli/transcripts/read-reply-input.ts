// A REPLY argument: a plain-text reply, or a transcript of many (an export, its zip, a JSONL log).
import { sniffFormat } from '../../library/import/sniff-format';
import { decodeReply, FileError, readFileBytes, readStandardInput } from '../read-text-file';
import { unzipConversations } from './export-zip';
import { readTranscript } from './read-transcript';
import { TranscriptError, type Transcript } from './types';

export type ReplyInput =
  { kind: 'text'; text: string } | { kind: 'transcript'; transcript: Transcript };

/** What `arg` holds ('-' is standard input); throws FileError naming it when it cannot be read. */
export async function readReplyInput(arg: string): Promise<ReplyInput> {
  const name = arg === '-' ? 'standard input' : arg;
  const bytes = arg === '-' ? await readStandardInput() : readFileBytes(arg).bytes;
  try {
    if (sniffFormat(bytes) === 'zip') {
      const text = decodeReply(unzipConversations(bytes), `${name}: its conversations.json`);
      const transcript = readTranscript(text);
      if (!transcript)
        throw new TranscriptError(
          'has a conversations.json that is not a ChatGPT or Claude export',
        );
      return { kind: 'transcript', transcript };
    }
    const text = decodeReply(bytes, name);
    const transcript = readTranscript(text);
    return transcript ? { kind: 'transcript', transcript } : { kind: 'text', text };
  } catch (error) {
    if (error instanceof TranscriptError) throw new FileError(`${name}: ${error.message}`);
    throw error;
  }
}

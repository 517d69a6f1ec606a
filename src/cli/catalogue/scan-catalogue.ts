// `recital scan --redis URL REPLY...`: the scan's inputs and output, with spans from the team
// catalogue instead of a local library. Same readers for replies, same report and --json lines.
import { formatJson, formatReport, transcriptReplyName } from '../format-report';
import type { Args } from '../parse-args';
import { FileError } from '../read-text-file';
import { StandardOutput } from '../standard-output';
import { readReplyInput, type ReplyInput } from '../transcripts/read-reply-input';
import { CatalogueScanner } from './catalogue-scanner';
import { CatalogueError, connectCatalogue } from './connect';

export interface CatalogueScanReporter {
  warn(message: string): void;
  progress(message: string): void;
}

/** One reply's output: its --json line or its readable report. */
async function scanOne(
  scanner: CatalogueScanner,
  args: Args,
  name: string,
  text: string,
  origin?: { conversation: string; message: string; title?: string },
): Promise<string> {
  const { result, documents } = await scanner.scan(text, {
    minWords: args.minWords,
    includeNear: args.includeNear,
  });
  const describe = (source: string): { title: string; author?: string | undefined } | undefined =>
    documents.get(source);
  if (args.json) return formatJson(name, result, describe, origin);
  if (origin && result.spans.length === 0) return '';
  const heading = origin ? transcriptReplyName(name, origin) : name;
  return formatReport(heading, text, result, (source) => documents.get(source)?.text, describe);
}

/** Scans every reply of `args` against the catalogue at `args.redis`; resolves to the status. */
export async function scanCatalogue(args: Args, reporter: CatalogueScanReporter): Promise<number> {
  let status = 0;
  let redis;
  try {
    redis = await connectCatalogue(args.redis as string);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    reporter.warn(error.message);
    return 1;
  }
  const scanner = new CatalogueScanner(redis);
  const output = new StandardOutput();
  try {
    for (const file of args.replies) {
      let input: ReplyInput;
      try {
        input = await readReplyInput(file);
      } catch (error) {
        if (!(error instanceof FileError)) throw error;
        reporter.warn(error.message);
        status = 1;
        if (args.json)
          await output.write(JSON.stringify({ reply: file, error: error.message }) + '\n');
        continue;
      }
      if (input.kind === 'text') {
        await output.write(await scanOne(scanner, args, file, input.text));
        continue;
      }
      for (const item of input.transcript.items) {
        if (item.kind === 'problem') {
          reporter.warn(`${file}: ${item.message}`);
          status = 1;
          continue;
        }
        const origin = {
          conversation: item.conversation,
          message: item.message,
          ...(item.title === undefined ? {} : { title: item.title }),
        };
        await output.write(await scanOne(scanner, args, file, item.text, origin));
      }
      if (output.isClosed) break;
    }
  } catch (error) {
    reporter.warn(`the catalogue did not answer: ${(error as Error).message}`);
    status = 1;
  } finally {
    redis.disconnect();
  }
  if (output.failure) {
    reporter.warn(`cannot write the results (${output.failure.code ?? output.failure.message})`);
    return 1;
  }
  return status;
}

// The `recital` command-line scanner: batch audits of chat replies against a library of texts.
import fs from 'node:fs';
import path from 'node:path';
import { findSpans, PassageIndex, type ScanResult } from '../core/index';

const USAGE = `Usage: recital scan --library PATH [--library PATH ...] [--min-words N] [--exact-only] [--json] REPLY...

Scans chatbot replies for text copied from a library of protected texts.
  --library PATH   a .txt or .md file, or a folder searched recursively for them (repeatable)
  --min-words N    shortest span to report, in words (default 12)
  --exact-only     report only word-for-word copies, not near-verbatim ones
  --json           one JSON line per reply, in argument order
  REPLY            a text file with one reply; - reads one reply from standard input`;

class UsageError extends Error {}

interface Args {
  libraries: string[];
  minWords: number;
  includeNear: boolean;
  json: boolean;
  replies: string[];
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  if (command !== 'scan')
    throw new UsageError(
      command
        ? `unknown command '${command}' (expected 'scan')`
        : "missing command (expected 'scan')",
    );
  const args: Args = { libraries: [], minWords: 12, includeNear: true, json: false, replies: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--library') {
      const v = rest[++i];
      if (!v) throw new UsageError('--library needs a path');
      args.libraries.push(v);
    } else if (a === '--min-words') {
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < 1)
        throw new UsageError('--min-words needs a whole number of at least 1');
      args.minWords = v;
    } else if (a === '--json') {
      args.json = true;
    } else if (a === '--exact-only') {
      args.includeNear = false;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.replies.push(a);
    }
  }
  if (args.libraries.length === 0) throw new UsageError('give at least one --library');
  if (args.replies.length === 0)
    throw new UsageError('give at least one reply file (or - for standard input)');
  return args;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a file's bytes as UTF-8 text, or throws a message a person can act on. */
function decodeText(bytes: Uint8Array, name: string): string {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) throw new Error(`${name}: looks like a binary file, not text`);
  try {
    const text = decoder.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new Error(`${name}: is not UTF-8 text (save it as UTF-8 and try again)`);
  }
}

interface LibraryFile {
  name: string;
  file: string;
}

function listLibrary(arg: string): LibraryFile[] {
  const stat = fs.statSync(arg, { throwIfNoEntry: false });
  if (!stat) throw new Error(`library ${arg}: no such file or folder`);
  if (stat.isFile()) return [{ name: path.basename(arg), file: arg }];
  const out: LibraryFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(txt|md)$/i.test(entry.name))
        out.push({ name: path.relative(arg, full).split(path.sep).join('/'), file: full });
    }
  };
  walk(arg);
  return out;
}

/** Keeps the most recently used document texts in memory; the rest are re-read on demand. */
class TextCache {
  private readonly texts = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly files: Map<string, string>,
    private readonly budget: number,
  ) {}

  get(name: string): string | undefined {
    const hit = this.texts.get(name);
    if (hit !== undefined) {
      this.texts.delete(name);
      this.texts.set(name, hit);
      return hit;
    }
    const file = this.files.get(name);
    if (!file) return undefined;
    const text = decodeText(fs.readFileSync(file), file);
    this.texts.set(name, text);
    this.bytes += text.length;
    for (const [oldest, t] of this.texts) {
      if (this.bytes <= this.budget || oldest === name) break;
      this.texts.delete(oldest);
      this.bytes -= t.length;
    }
    return text;
  }
}

function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

function buildLibrary(args: Args): { index: PassageIndex; texts: TextCache; failed: number } {
  const index = new PassageIndex();
  const files = new Map<string, string>();
  let failed = 0;
  const all: LibraryFile[] = [];
  for (const lib of args.libraries) all.push(...listLibrary(lib));
  let done = 0;
  let bytes = 0;
  const started = Date.now();
  for (const { name, file } of all) {
    let unique = name;
    for (let n = 2; files.has(unique); n++) unique = `${name} (${n})`;
    try {
      const text = decodeText(fs.readFileSync(file), file);
      index.addDocument(unique, text);
      files.set(unique, file);
      bytes += text.length;
    } catch (e) {
      failed++;
      process.stderr.write(`recital: skipped library file ${(e as Error).message}\n`);
    }
    done++;
    if (done % 10 === 0 || done === all.length) {
      const secs = (Date.now() - started) / 1000;
      progress(
        `indexing library: ${done}/${all.length} files, ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / 1e6 / Math.max(secs, 0.001)).toFixed(0)} MB/s`,
      );
    }
  }
  progress('');
  if (index.size === 0)
    process.stderr.write(
      'recital: the library has no readable .txt or .md files; nothing can match\n',
    );
  return { index, texts: new TextCache(files, 512 * 1024 * 1024), failed };
}

function readReply(arg: string): string {
  if (arg === '-') return decodeText(fs.readFileSync(0), 'standard input');
  return decodeText(fs.readFileSync(arg), arg);
}

function formatReport(name: string, text: string, result: ScanResult, texts: TextCache): string {
  const lines = [
    `${name}: ${result.words} words, ${result.spans.length} copied span${result.spans.length === 1 ? '' : 's'}, coverage ${(result.coverage * 100).toFixed(1)}%`,
  ];
  for (const s of result.spans) {
    const quote = text.slice(s.replyStart, s.replyEnd).replace(/\s+/g, ' ');
    const shown = quote.length > 240 ? `${quote.slice(0, 200)} … ${quote.slice(-30)}` : quote;
    const source = texts.get(s.docId);
    const where = source
      ? ` (${((100 * s.sourceStart) / Math.max(1, source.length)).toFixed(0)}% into the text)`
      : '';
    lines.push(
      `  ${s.kind === 'exact' ? 'EXACT' : `NEAR (${s.edits} edit${s.edits === 1 ? '' : 's'})`}  ${s.words} words, score ${s.score}`,
    );
    lines.push(`    “${shown}”`);
    lines.push(
      `    from ${s.docId}, characters ${s.sourceStart}–${s.sourceEnd}${where}; reply characters ${s.replyStart}–${s.replyEnd}`,
    );
  }
  return lines.join('\n') + '\n';
}

function main(): number {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`recital: ${e.message} (see recital --help)\n`);
      return 2;
    }
    throw e;
  }
  let library: ReturnType<typeof buildLibrary>;
  try {
    library = buildLibrary(args);
  } catch (e) {
    process.stderr.write(`recital: ${(e as Error).message}\n`);
    return 1;
  }
  const { index, texts } = library;
  let status = library.failed > 0 ? 1 : 0;
  const out: string[] = [];
  const flush = (): void => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  args.replies.forEach((reply, i) => {
    let text: string;
    try {
      text = readReply(reply);
    } catch (e) {
      const message =
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${reply}: no such file`
          : (e as NodeJS.ErrnoException).code
            ? `${reply}: cannot be read (${(e as NodeJS.ErrnoException).code})`
            : (e as Error).message;
      process.stderr.write(`recital: ${message}\n`);
      if (args.json) out.push(JSON.stringify({ reply, error: message }) + '\n');
      status = 1;
      return;
    }
    const result = findSpans(index, text, (id) => texts.get(id), {
      minWords: args.minWords,
      includeNear: args.includeNear,
    });
    if (args.json) {
      const matches = result.spans.map((s) => ({
        replyStart: s.replyStart,
        replyEnd: s.replyEnd,
        source: s.docId,
        sourceStart: s.sourceStart,
        sourceEnd: s.sourceEnd,
        words: s.words,
        kind: s.kind,
        score: s.score,
      }));
      out.push(
        JSON.stringify({
          reply,
          words: result.words,
          coverage: Math.round(result.coverage * 1e4) / 1e4,
          matches,
        }) + '\n',
      );
    } else {
      out.push(formatReport(reply, text, result, texts));
    }
    if (out.length >= 200) flush();
    if ((i + 1) % 50 === 0) progress(`scanned ${i + 1}/${args.replies.length} replies`);
  });
  flush();
  progress('');
  return status;
}

process.exitCode = main();

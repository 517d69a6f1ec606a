import type { CatalogueArgs } from './catalogue/catalogue-command';
import {
  CATALOGUE_USAGE,
  parseCatalogueArgs,
  parseServeArgs,
  type ServeArgs,
} from './catalogue/catalogue-args';
import type { IndexArgs } from './saved-index/index-command';

// What `recital audit` adds to the help (its options are parsed in their own block, below).
const AUDIT_USAGE = `
recital audit scans the same way and writes an evidence report into DIR (created if missing; an
earlier Recital report there is replaced, any other file makes it refuse): report.html (one
self-contained page that opens offline), matches.csv and matches.jsonl (every match).
  --out DIR        the report's folder`;

export const USAGE = `Usage: recital scan --library PATH [--library PATH ...] [--index FILE] [--min-words N] [--exact-only] [--json] REPLY...
       recital audit --library PATH [--library PATH ...] [--index FILE] [--min-words N] [--exact-only] --out DIR REPLY...
       recital index --library PATH [--library PATH ...] --out FILE

Scans chatbot replies for text copied from a library of protected texts.
  --library PATH   a file, or a folder searched recursively for .txt .md .html .epub .pdf .docx
                   files (repeatable)
  --index FILE     use the library's index saved by recital index (files changed since are read
                   again); the --library paths are still needed, for the texts of matches
  --out FILE       where recital index saves the library's index
  --min-words N    shortest span to report, in words (default 12)
  --exact-only     report only word-for-word copies, not near-verbatim ones
  --json           one JSON line per reply, in argument order
  REPLY            a text file with one reply, or a chat transcript whose assistant replies are
                   each scanned: a ChatGPT or Claude data export (conversations.json, or the
                   export's .zip) or a JSONL log of {"messages": [...]} or {"response": ...}
                   lines; the format is told from the content. - reads standard input
${AUDIT_USAGE}
${CATALOGUE_USAGE}`;

export class UsageError extends Error {}

export interface Args {
  libraries: string[];
  minWords: number;
  includeNear: boolean;
  json: boolean;
  replies: string[];
  /** A saved index to load instead of indexing the library anew (--index). */
  index?: string | undefined;
  /** Scan against the team catalogue in this Redis Cluster instead of --library (--redis). */
  redis?: string | undefined;
}

/** Every command line the CLI runs. */
export type AnyArgs = Args | AuditArgs | IndexArgs | CatalogueArgs | ServeArgs;

/** The scan's arguments, or 'help'; throws UsageError for anything it cannot run. */
export function parseArgs(argv: readonly string[]): AnyArgs | 'help' {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return 'help';
  if (command === 'audit') return parseAuditArgs(rest);
  if (command === 'index') return parseIndexArgs(rest);
  if (command === 'catalogue') return parseCatalogueArgs(rest, UsageError);
  if (command === 'serve') return parseServeArgs(rest, UsageError);
  if (command !== 'scan')
    throw new UsageError(
      command
        ? `unknown command '${command}' (expected 'scan', 'audit', 'index', 'catalogue' or 'serve')`
        : "missing command (expected 'scan', 'audit', 'index', 'catalogue' or 'serve')",
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
    } else if (a === '--index') {
      args.index = optionPath(a, rest[++i]);
    } else if (a === '--redis') {
      const v = rest[++i];
      if (!v || v.startsWith('--')) throw new UsageError('--redis needs the URL of a cluster node');
      args.redis = v;
    } else if (a === '--json') {
      args.json = true;
    } else if (a === '--exact-only') {
      args.includeNear = false;
    } else if (a === '--help' || a === '-h') {
      return 'help';
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.replies.push(a);
    }
  }
  if (args.redis && (args.libraries.length > 0 || args.index))
    throw new UsageError('give either --redis or --library, not both');
  if (args.libraries.length === 0 && !args.redis)
    throw new UsageError('give at least one --library (or the team catalogue with --redis)');
  if (args.replies.length === 0)
    throw new UsageError('give at least one reply file (or - for standard input)');
  return args;
}

// `recital audit`: the scan's library and criteria, the evidence report's folder instead of --json.
// Its own block so the scan's options can grow without touching it.

/** `recital audit`'s arguments: the scan's, with the report folder; `json` is always false. */
export interface AuditArgs extends Args {
  command: 'audit';
  out: string;
}

export function isAudit(args: AnyArgs): args is AuditArgs {
  return 'command' in args && args.command === 'audit';
}

function parseAuditArgs(rest: readonly string[]): AuditArgs | 'help' {
  const args: AuditArgs = {
    command: 'audit',
    libraries: [],
    minWords: 12,
    includeNear: true,
    json: false,
    replies: [],
    out: '',
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--library' || a === '--out') {
      const v = rest[++i];
      if (!v) throw new UsageError(`${a} needs a path`);
      if (a === '--library') args.libraries.push(v);
      else if (args.out) throw new UsageError('give --out once');
      else args.out = v;
    } else if (a === '--min-words') {
      const v = Number(rest[++i]);
      if (!Number.isInteger(v) || v < 1)
        throw new UsageError('--min-words needs a whole number of at least 1');
      args.minWords = v;
    } else if (a === '--exact-only') {
      args.includeNear = false;
    } else if (a === '--index') {
      args.index = optionPath(a, rest[++i]);
    } else if (a === '--help' || a === '-h') {
      return 'help';
    } else if (a === '--json') {
      throw new UsageError('audit writes matches.jsonl into --out; --json is for scan');
    } else if (a.startsWith('--')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      args.replies.push(a);
    }
  }
  if (args.libraries.length === 0) throw new UsageError('give at least one --library');
  if (!args.out) throw new UsageError('give --out DIR, the folder for the report');
  if (args.replies.length === 0)
    throw new UsageError('give at least one reply file (or - for standard input)');
  return args;
}

function optionPath(option: string, value: string | undefined): string {
  if (!value || value.startsWith('--')) throw new UsageError(`${option} needs a file`);
  return value;
}

/** `recital index --library PATH... --out FILE`; throws UsageError. */
function parseIndexArgs(rest: readonly string[]): IndexArgs | 'help' {
  const args: IndexArgs = { command: 'index', libraries: [], out: '' };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--library') {
      const v = rest[++i];
      if (!v) throw new UsageError('--library needs a path');
      args.libraries.push(v);
    } else if (a === '--out') {
      args.out = optionPath(a, rest[++i]);
    } else if (a === '--help' || a === '-h') {
      return 'help';
    } else {
      throw new UsageError(`unknown ${a.startsWith('--') ? 'option' : 'argument'} ${a} for index`);
    }
  }
  if (args.libraries.length === 0) throw new UsageError('give at least one --library');
  if (!args.out) throw new UsageError('give the index file to write with --out FILE');
  return args;
}

// The arguments of `recital catalogue` and `recital serve`; throw UsageError (parse-args.ts).
import type { CatalogueArgs } from './catalogue-command';

export const CATALOGUE_USAGE = `
The team catalogue, in a Redis Cluster (docs/scale.md):
       recital catalogue add --redis URL PATH...     add files and folders (a changed file replaces
                                                     its old version; an unchanged one is skipped)
       recital catalogue remove --redis URL SOURCE... remove documents by source name
       recital catalogue list --redis URL [--json]
       recital scan --redis URL [--min-words N] [--exact-only] [--json] REPLY...
       recital serve --redis URL --port N --token-file FILE [--host ADDRESS] [--rate N]
                     HTTP: POST /v1/scan {"text": ...} with "Authorization: Bearer TOKEN";
                     GET /v1/health. Binds 127.0.0.1 unless --host says otherwise; --rate is
                     the scans a second one client may ask for (default 20; 0: no limit).`;

/** What `recital serve` runs with. */
export interface ServeArgs {
  command: 'serve';
  redis: string;
  port: number;
  host: string;
  tokenFile: string;
  /** Requests a second per client (0: no limit). */
  rate: number;
}

type ErrorType = new (message: string) => Error;

function value(rest: readonly string[], i: number, option: string, Usage: ErrorType): string {
  const v = rest[i];
  if (!v || v.startsWith('--')) throw new Usage(`${option} needs a value`);
  return v;
}

/** `recital catalogue ACTION --redis URL ...`. */
export function parseCatalogueArgs(rest: readonly string[], Usage: ErrorType): CatalogueArgs {
  const [action, ...tail] = rest;
  if (action !== 'add' && action !== 'remove' && action !== 'list')
    throw new Usage("catalogue needs 'add', 'remove' or 'list'");
  const args: CatalogueArgs = { command: 'catalogue', action, redis: '', paths: [], json: false };
  for (let i = 0; i < tail.length; i++) {
    const a = tail[i] as string;
    if (a === '--redis') args.redis = value(tail, ++i, a, Usage);
    else if (a === '--json' && action === 'list') args.json = true;
    else if (a.startsWith('--')) throw new Usage(`unknown option ${a} for catalogue ${action}`);
    else args.paths.push(a);
  }
  if (!args.redis)
    throw new Usage('give the cluster with --redis URL (e.g. redis://127.0.0.1:7000)');
  if (action === 'add' && args.paths.length === 0)
    throw new Usage('give the files or folders to add');
  if (action === 'remove' && args.paths.length === 0) throw new Usage('give the sources to remove');
  if (action === 'list' && args.paths.length > 0) throw new Usage('catalogue list takes no paths');
  return args;
}

/** `recital serve --redis URL --port N --token-file FILE [--host ADDRESS]`. */
export function parseServeArgs(rest: readonly string[], Usage: ErrorType): ServeArgs {
  const args: ServeArgs = {
    command: 'serve',
    redis: '',
    port: -1,
    host: '127.0.0.1',
    tokenFile: '',
    rate: 20,
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--redis') args.redis = value(rest, ++i, a, Usage);
    else if (a === '--host') args.host = value(rest, ++i, a, Usage);
    else if (a === '--token-file') args.tokenFile = value(rest, ++i, a, Usage);
    else if (a === '--rate') {
      const rate = Number(value(rest, ++i, a, Usage));
      if (!(rate >= 0)) throw new Usage('--rate needs a number of requests a second (0: no limit)');
      args.rate = rate;
    } else if (a === '--port') {
      const port = Number(value(rest, ++i, a, Usage));
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Usage('--port needs a port number (0 picks a free one)');
      args.port = port;
    } else throw new Usage(`unknown ${a.startsWith('--') ? 'option' : 'argument'} ${a} for serve`);
  }
  if (!args.redis) throw new Usage('give the cluster with --redis URL');
  if (args.port < 0) throw new Usage('give the port to listen on with --port N');
  if (!args.tokenFile) throw new Usage('give the file holding the access token with --token-file');
  return args;
}

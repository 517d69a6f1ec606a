// `recital serve --redis URL --port N --token-file FILE [--host ADDRESS]`: runs the catalogue's
// HTTP service until SIGINT or SIGTERM.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ServeArgs } from '../catalogue/catalogue-args';
import { CatalogueScanner } from '../catalogue/catalogue-scanner';
import { CatalogueError, connectCatalogue } from '../catalogue/connect';
import { createScanServer } from './scan-server';

/** Shortest token accepted: a guessable one would make the catalogue public. */
const MIN_TOKEN_CHARS = 16;

function readToken(file: string): string {
  let token: string;
  try {
    token = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new CatalogueError(
      `--token-file ${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  if (token.length < MIN_TOKEN_CHARS || /\s/.test(token))
    throw new CatalogueError(
      `--token-file ${file}: the token must be one line of at least ${MIN_TOKEN_CHARS} characters without spaces (e.g. openssl rand -hex 32)`,
    );
  return token;
}

/** Starts the service; resolves to the exit status once a signal stops it. */
export async function runServeCommand(
  args: ServeArgs,
  reporter: { warn(message: string): void },
): Promise<number> {
  let token: string;
  let redis;
  try {
    token = readToken(args.tokenFile);
    redis = await connectCatalogue(args.redis);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    reporter.warn(error.message);
    return 1;
  }
  const client = redis;
  const server = createScanServer({
    scanner: new CatalogueScanner(client),
    token,
    ping: async () => (await client.ping()) === 'PONG',
    perSecond: args.rate,
    burst: 2 * args.rate,
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (error) => {
      reporter.warn(`cannot listen on ${args.host}:${args.port}: ${error.message}`);
      resolve(false);
    });
    server.listen(args.port, args.host, () => resolve(true));
  });
  if (!listening) {
    client.disconnect();
    return 1;
  }
  const { address, port } = server.address() as AddressInfo;
  reporter.warn(`serving the catalogue on http://${address}:${port}/v1/scan`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  server.close();
  client.disconnect();
  return 0;
}

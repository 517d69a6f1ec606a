// One connection to the catalogue's Redis Cluster: the client's retry settings (MOVED and ASK
// followed, a failed-over master's slots found again), the two Lua scripts, and the shape check.
import { Cluster } from 'ioredis';
import { LAYOUT_VERSION, SHAPE, SHAPE_KEY } from './layout';

/** A catalogue problem the user can act on; the message says what and what to do. */
export class CatalogueError extends Error {}

// Appends a batch's entries to buckets of one group key: ARGV[1] holds runs of [bucket u16]
// [count u16][count 8-byte entries] (batch-postings.ts), so a whole batch is one call per group.
// Declared with a shebang and no flags, so a full cluster (maxmemory) refuses the whole call
// before it writes anything.
const APPEND_SCRIPT = `#!lua
local blob = ARGV[1]
local at = 1
while at <= #blob do
  local b1, b2, n1, n2 = string.byte(blob, at, at + 3)
  local bucket = tostring(b1 * 256 + b2)
  local stop = at + 4 + (n1 * 256 + n2) * 8
  local old = redis.call('HGET', KEYS[1], bucket)
  redis.call('HSET', KEYS[1], bucket, (old or '') .. string.sub(blob, at + 4, stop - 1))
  at = stop
end
return 1`;

// Drops the entries of some ids (ARGV[1]: 4 bytes each) from buckets of one group key. It only
// ever frees memory, so it may run on a full cluster (allow-oom): that is when a failed add must
// clean up after itself.
const REMOVE_SCRIPT = `#!lua flags=allow-oom
local ids = {}
for at = 1, #ARGV[1], 4 do ids[string.sub(ARGV[1], at, at + 3)] = true end
for i = 2, #ARGV do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  if old then
    local kept = {}
    for at = 1, #old, 8 do
      if not ids[string.sub(old, at, at + 3)] then kept[#kept + 1] = string.sub(old, at, at + 7) end
    end
    if #kept == 0 then
      redis.call('HDEL', KEYS[1], ARGV[i])
    elseif #kept * 8 < #old then
      redis.call('HSET', KEYS[1], ARGV[i], table.concat(kept))
    end
  end
end
return 1`;

// Makes versions live: for each (source, expected id or '', new id) it sets the pointer only if
// it still names the expected version, and answers 1 or 0 per source. Two adds of one file at
// once: the second sees the first's pointer, loses, and removes its own version (no garbage).
const FLIP_SCRIPT = `#!lua
local won = {}
for i = 1, #ARGV, 3 do
  if (redis.call('HGET', KEYS[1], ARGV[i]) or '') == ARGV[i + 1] then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
    won[#won + 1] = 1
  else
    won[#won + 1] = 0
  end
end
return won`;

/** The cluster client with the catalogue's scripts. */
export interface CatalogueClient extends Cluster {
  appendEntries(key: string, runs: Buffer): Promise<number>;
  removeEntries(key: string, ids: Buffer, ...buckets: string[]): Promise<number>;
  flipPointers(key: string, ...triples: string[]): Promise<number[]>;
}

/** Parses `redis://[user:password@]host:port` (or `rediss://` for TLS); throws CatalogueError. */
function parseUrl(url: string): {
  host: string;
  port: number;
  tls: boolean;
  user?: string;
  password?: string;
} {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CatalogueError(`--redis ${url}: not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new CatalogueError(`--redis ${url}: expected a redis:// or rediss:// URL`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    tls: parsed.protocol === 'rediss:',
    ...(parsed.username && { user: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
  };
}

/**
 * Connects to the cluster at `url` (any one node: the client learns the others) and checks that
 * the catalogue there, if any, was written with this version's layout. Throws CatalogueError.
 */
export async function connectCatalogue(url: string): Promise<CatalogueClient> {
  const { host, port, tls, user, password } = parseUrl(url);
  const cluster = new Cluster([{ host, port }], {
    // Each node's share of a reply's lookups leaves in one batch (layout.ts).
    enableAutoPipelining: true,
    maxRedirections: 16,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (times) => (times > 10 ? null : Math.min(100 * times, 1000)),
    redisOptions: {
      ...(user && { username: user }),
      ...(password && { password }),
      ...(tls && { tls: {} }),
      connectTimeout: 5000,
      maxRetriesPerRequest: 20,
    },
  }) as CatalogueClient;
  cluster.defineCommand('appendEntries', { numberOfKeys: 1, lua: APPEND_SCRIPT });
  cluster.defineCommand('removeEntries', { numberOfKeys: 1, lua: REMOVE_SCRIPT });
  cluster.defineCommand('flipPointers', { numberOfKeys: 1, lua: FLIP_SCRIPT });
  // Without this, a wrong URL or a cluster that is down retries quietly for ever.
  cluster.on('error', () => undefined);
  try {
    await waitReady(cluster);
    const shape = await cluster.get(SHAPE_KEY);
    if (shape === null) await cluster.set(SHAPE_KEY, SHAPE, 'NX');
    else if (shape !== SHAPE) throw new CatalogueError(describeOtherShape(url, shape));
  } catch (error) {
    cluster.disconnect();
    if (error instanceof CatalogueError) throw error;
    throw new CatalogueError(`cannot use the Redis Cluster at ${url}: ${(error as Error).message}`);
  }
  return cluster;
}

/** Why a catalogue of another layout or index shape is refused, and what to do. */
function describeOtherShape(url: string, shape: string): string {
  let layout = 0;
  try {
    layout = Number((JSON.parse(shape) as { layout?: unknown }).layout) || 0;
  } catch {
    // Not JSON: not a shape any Recital wrote; told as "another version" below.
  }
  if (layout > LAYOUT_VERSION)
    return `the catalogue at ${url} was made by a newer Recital (layout ${layout}, this one reads ${LAYOUT_VERSION}); update Recital`;
  return `the catalogue at ${url} was made by another version of Recital (${shape}); this one cannot read it: add it again, into an empty cluster (or FLUSHALL every master first)`;
}

function waitReady(cluster: Cluster): Promise<void> {
  if (cluster.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
    cluster.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
    cluster.once('end', () => {
      clearTimeout(timer);
      reject(new Error('could not connect'));
    });
  });
}

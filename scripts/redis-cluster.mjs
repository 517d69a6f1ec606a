// A local Redis Cluster from Debian's redis-server: 3 masters and 3 replicas on loopback, each
// node's data in its own folder. `npm run cluster:start` / `cluster:stop`, the tests and the
// benchmarks all start it through this one module, so nothing anywhere mocks Redis.
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const MASTERS = 3;
// Redis Cluster's bus listens on the client port + 10000: both must be free.
const BUS_OFFSET = 10000;
const STATE_FILE = 'cluster.json';

/** Installs redis-server with apt when missing (as root on Debian), like ensure-chromium.mjs. */
export function ensureRedisServer() {
  if (hasCommand('redis-server') && hasCommand('redis-cli')) return;
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt)
    throw new Error(
      'redis-server is missing. Install it (Debian: sudo apt-get install -y redis-server) and try again.',
    );
  console.error('Installing Debian redis-server for the team catalogue (one time)...');
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null',
    { stdio: 'inherit', shell: '/bin/bash' },
  );
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports from `first` (their bus ports free too), or from a random base. */
async function freePorts(first, count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = first ?? 20000 + Math.floor(Math.random() * 20000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const checks = await Promise.all(
      ports.flatMap((p) => [portIsFree(p), portIsFree(p + BUS_OFFSET)]),
    );
    if (checks.every(Boolean)) return ports;
    if (first !== undefined) throw new Error(`ports ${base}-${base + count - 1} are in use`);
  }
  throw new Error('found no free ports for the cluster');
}

function cli(port, ...args) {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` is true, polling; throws `message` after `ms`. */
export async function waitFor(check, ms, message) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet: try again.
    }
    if (Date.now() > end) throw new Error(message);
    await sleep(100);
  }
}

function nodeConfig(port, dir, maxmemory) {
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'daemonize yes',
    `dir ${dir}`,
    `pidfile ${path.join(dir, 'redis.pid')}`,
    `logfile ${path.join(dir, 'redis.log')}`,
    'cluster-enabled yes',
    'cluster-config-file nodes.conf',
    // Short, so that a killed master fails over in a few seconds (tests, the fault demo).
    'cluster-node-timeout 2000',
    // A replica syncs at once, not after 5 s: one that has not synced cannot take over.
    'repl-diskless-sync-delay 0',
    // The append-only file, not snapshots, is what a restarted node rejoins with.
    'save ""',
    'appendonly yes',
    'appendfsync no',
    ...(maxmemory ? [`maxmemory ${maxmemory}`, 'maxmemory-policy noeviction'] : []),
  ].join('\n');
}

/** Starts one node of a cluster folder (also a stopped node again: it rejoins from nodes.conf). */
export function startNode(dir, port) {
  const nodeDir = path.join(dir, String(port));
  execFileSync('redis-server', [path.join(nodeDir, 'redis.conf')], { stdio: 'ignore' });
}

/**
 * Starts a 3-master, 3-replica cluster with its data in `dir` (made if missing; must hold no
 * running cluster) on six consecutive loopback ports from `port` (free ones when not given),
 * waits until every node says `cluster_state:ok`, and returns its URL and ports. `maxmemory`
 * (e.g. '20mb') limits each node, with no eviction: a full cluster refuses writes. `replicas: 0`
 * starts the 3 masters alone (a benchmark that would not fit in memory twice).
 */
export async function startCluster({ dir, port, maxmemory, replicas = 1 } = {}) {
  ensureRedisServer();
  if (readState(dir)) throw new Error(`a cluster is already running in ${dir}; stop it first`);
  const ports = await freePorts(port, MASTERS * (1 + replicas));
  for (const p of ports) {
    const nodeDir = path.join(dir, String(p));
    fs.rmSync(nodeDir, { recursive: true, force: true });
    fs.mkdirSync(nodeDir, { recursive: true });
    fs.writeFileSync(path.join(nodeDir, 'redis.conf'), nodeConfig(p, nodeDir, maxmemory) + '\n');
  }
  fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify({ ports }) + '\n');
  try {
    for (const p of ports) startNode(dir, p);
    await waitFor(() => cli(ports[0], 'ping').trim() === 'PONG', 10_000, 'redis did not start');
    for (const p of ports) await waitFor(() => cli(p, 'ping').trim() === 'PONG', 10_000, 'no ping');
    execFileSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`)].concat([
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ]),
      { stdio: 'ignore' },
    );
    for (const p of ports)
      await waitFor(
        () => cli(p, 'cluster', 'info').includes('cluster_state:ok'),
        30_000,
        `node ${p} did not reach cluster_state:ok`,
      );
    // Until its replica holds a copy, a master that dies takes its slots with it.
    for (const p of ports)
      await waitFor(
        () => {
          const info = cli(p, 'info', 'replication');
          return info.includes('role:master') || info.includes('master_link_status:up');
        },
        30_000,
        `replica ${p} did not sync with its master`,
      );
  } catch (error) {
    await stopCluster(dir);
    throw error;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports };
}

function readState(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

function readPid(dir, port) {
  try {
    return Number(fs.readFileSync(path.join(dir, String(port), 'redis.pid'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills one node at once (SIGKILL): a crash, for the failover tests. Returns its pid. */
export function killNode(dir, port) {
  const pid = readPid(dir, port);
  if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
  return pid;
}

/** Ends every node of the cluster in `dir` and waits until none runs. Safe to call twice. */
export async function stopCluster(dir) {
  const state = readState(dir);
  if (!state) return;
  const pids = state.ports.map((p) => readPid(dir, p)).filter((pid) => pid && isAlive(pid));
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000, 'nodes did not stop').catch(() => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  fs.rmSync(path.join(dir, STATE_FILE), { force: true });
}

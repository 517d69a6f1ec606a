#!/usr/bin/env node
// The team catalogue's benchmark (issue #17): for each library size (generated as the library-scale
// bench does, into /tmp), on a cluster it starts itself: `recital catalogue add` (MB/s of text, and
// the CPU seconds of the add and of every Redis node), the cluster's memory per byte of text
// (used_memory of the masters; RSS of every node), then the latency of 2,000-word replies (real
// chatbot prose around library passages) through `recital serve` over HTTP with 1, 8 and 32
// concurrent clients, beside `recital scan --redis` and the local scanner (`recital scan
// --library`) over the same replies in the same run. Sizes grow in one cluster: each size adds
// only the documents the one before lacks (the smaller libraries are prefixes of the larger).
// Prints a table; no pass/fail.
//
// Usage: npm run bench:catalogue -- [--sizes 0.5G,1G,2G,5G] [--replies 24] [--requests 96]
//        [--replicas 0|1] [--maxmemory 6gb] [--no-local]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { libraryFolder } from './library-scale/generate-library.mjs';
import { createReplyMaker } from './library-scale/replies.mjs';
import { startCluster, stopCluster } from './redis-cluster.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist-cli/recital.js');
const CORPUS = path.resolve(process.env.RECITAL_CORPUS ?? path.join(ROOT, '../shared/corpus'));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const SIZES = option('sizes', '0.5G,1G').split(',');
const REPLIES = Number(option('replies', '24'));
const REQUESTS = Number(option('requests', '96'));
const REPLICAS = Number(option('replicas', '1'));
const MAXMEMORY = option('maxmemory', '6gb');
const LOCAL = !args.includes('--no-local');
const CLIENTS = [1, 8, 32];

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const mb = (bytes) => (bytes / 1e6).toFixed(0);
const ms = (x) => (x === undefined ? '-' : x.toFixed(0));

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function cli(port, ...command) {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command], {
    encoding: 'utf8',
  });
}

const field = (info, name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);

/** Memory and CPU seconds of every node; `used` counts masters only (replicas hold copies). */
function nodeFigures(ports) {
  let used = 0;
  let rss = 0;
  let cpu = 0;
  for (const port of ports) {
    const info = cli(port, 'info');
    if (/^role:master/m.test(info)) used += field(info, 'used_memory');
    rss += field(info, 'used_memory_rss');
    cpu += field(info, 'used_cpu_user') + field(info, 'used_cpu_sys');
  }
  return { used, rss, cpu };
}

/** Runs `recital catalogue add` on `folder`; wall and CPU seconds of the add process. */
function add(url, folder) {
  const started = performance.now();
  const { stderr: out, status } = spawnSync(
    '/usr/bin/time',
    ['-f', 'cpu %U %S', 'node', CLI, 'catalogue', 'add', '--redis', url, folder],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 },
  );
  // Files it could not add are counted in its summary line; no summary means it crashed.
  if (status !== 0 && !/catalogue: /.test(out))
    throw new Error(`catalogue add failed: ${out.slice(-2000)}`);
  const [user, sys] = /cpu ([\d.]+) ([\d.]+)/.exec(out)?.slice(1).map(Number) ?? [0, 0];
  const summary = /catalogue: [^\n\r]*/.exec(out)?.[0] ?? '';
  return { secs: (performance.now() - started) / 1000, cpu: user + sys, summary };
}

/** Per-reply latencies of a CLI scan over every reply in turn: the gaps between its JSON lines. */
function lineLatencies(command) {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [CLI, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stamps = [];
    let buffered = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      for (let at = buffered.indexOf('\n'); at >= 0; at = buffered.indexOf('\n')) {
        stamps.push(performance.now());
        buffered = buffered.slice(at + 1);
      }
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('exit', (code) => {
      if (stamps.length < 2) reject(new Error(`${command.join(' ')}: ${code} ${err}`));
      // The first reply also waits for the index or the connection: left out.
      else resolve(stamps.slice(1).map((t, i) => t - (stamps[i] ?? t)));
    });
  });
}

async function startServe(url, dir) {
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, `bench-${Math.random().toString(36).slice(2)}${Date.now()}`);
  const child = spawn(
    'node',
    [CLI, 'serve', '--redis', url, '--port', '0', '--token-file', tokenFile, '--rate', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const base = await new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const found = /serving the catalogue on (http:\/\/[^/]+)\//.exec(err);
      if (found) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`serve stopped: ${err}`)));
  });
  return { child, base, token: fs.readFileSync(tokenFile, 'utf8') };
}

/** `clients` loops POSTing the replies in turn until `total` scans are done; each scan's ms. */
async function serveLatencies({ base, token }, replies, clients, total) {
  const times = [];
  let next = 0;
  const scan = async (text) => {
    const started = performance.now();
    const response = await fetch(`${base}/v1/scan`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) throw new Error(`scan: ${response.status} ${await response.text()}`);
    await response.json();
    return performance.now() - started;
  };
  const client = async () => {
    for (let i = next++; i < total; i = next++) times.push(await scan(replies[i % replies.length]));
  };
  await Promise.all(Array.from({ length: clients }, client));
  return times;
}

const rows = [];
const pair = (p) => (p ? `${ms(p[0])} / ${ms(p[1])}` : '-');
const HEADER = [
  '| library | add MB/s (wall) | add MB per CPU s | masters used_memory / byte | RSS all nodes / byte | serve 1 client p50/p99 ms | serve 8 | serve 32 | scan --redis | local scan --library | load (add; scans) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
const line = (r) =>
  `| ${r.size} (${mb(r.bytes)} MB) | ${r.addMBs.toFixed(2)} | ${r.addCpuMB.toFixed(2)} | ${r.usedPerByte.toFixed(2)} (${mb(r.used)} MB) | ${r.rssPerByte.toFixed(2)} (${mb(r.rss)} MB) | ${pair(r.serve1)} | ${pair(r.serve8)} | ${pair(r.serve32)} | ${pair(r.redis)} | ${pair(r.local)} | ${r.loadAdd}; ${r.loadScan} |`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-bench-cluster-'));
console.log(
  `Team catalogue bench (issue #17): ${SIZES.join(', ')}; ${REPLIES} replies of 2,000 words, ${REQUESTS} scans per row; ${REPLICAS} replica(s) per master, maxmemory ${MAXMEMORY} a node`,
);
console.log(`${os.cpus().length} cores, ${mb(os.totalmem())} MB RAM, load average ${load()}`);
const { url, ports } = await startCluster({ dir, maxmemory: MAXMEMORY, replicas: REPLICAS });
// An empty node's own memory is left out of the per-byte figures.
const empty = nodeFigures(ports);
let serve;
try {
  for (const size of SIZES) {
    const { folder, files } = libraryFolder(path.join(CORPUS, 'library'), size);
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    const before = nodeFigures(ports);
    const addedBefore = rows.at(-1)?.bytes ?? 0;
    console.log(`\n${size}: adding ${files.length} files (load average ${load()})`);
    const added = add(url, folder);
    const after = nodeFigures(ports);
    const newBytes = bytes - addedBefore;
    const row = {
      size,
      bytes,
      addMBs: newBytes / 1e6 / added.secs,
      addCpuMB: newBytes / 1e6 / (added.cpu + after.cpu - before.cpu),
      addSecs: added.secs,
      nodeCpu: after.cpu - before.cpu,
      addCpu: added.cpu,
      usedPerByte: (after.used - empty.used) / bytes,
      rssPerByte: (after.rss - empty.rss) / bytes,
      used: after.used,
      rss: after.rss,
      loadAdd: load(),
    };
    console.log(
      `  ${added.summary}; ${mb(newBytes)} MB new in ${added.secs.toFixed(0)} s; add ${added.cpu.toFixed(0)} CPU s, nodes ${row.nodeCpu.toFixed(0)} CPU s`,
    );
    const maker = createReplyMaker(folder, files, CORPUS);
    const replies = Array.from({ length: REPLIES }, (_, i) =>
      maker.reply({ total: 2000, count: 2, seed: 1000 + i }),
    );
    const replyDir = path.join(dir, `replies-${size}`);
    fs.mkdirSync(replyDir, { recursive: true });
    const replyFiles = replies.map((r, i) => {
      const file = path.join(replyDir, `reply-${String(i).padStart(3, '0')}.txt`);
      fs.writeFileSync(file, r.text);
      return file;
    });
    serve?.child.kill();
    serve = await startServe(url, dir);
    // One pass first: the service's cache of document texts fills as it would in use.
    await serveLatencies(
      serve,
      replies.map((r) => r.text),
      8,
      replies.length,
    );
    for (const clients of CLIENTS) {
      const times = await serveLatencies(
        serve,
        replies.map((r) => r.text),
        clients,
        REQUESTS,
      );
      row[`serve${clients}`] = [percentile(times, 50), percentile(times, 99)];
    }
    const redisTimes = await lineLatencies(['scan', '--json', '--redis', url, ...replyFiles]);
    row.redis = [percentile(redisTimes, 50), percentile(redisTimes, 99)];
    if (LOCAL) {
      const localTimes = await lineLatencies([
        'scan',
        '--json',
        '--library',
        folder,
        ...replyFiles,
      ]);
      row.local = [percentile(localTimes, 50), percentile(localTimes, 99)];
    }
    row.loadScan = load();
    rows.push(row);
    // Each row as soon as it is measured: a long run stopped early still tells what it found.
    console.log(`  scans done (load average ${load()})\n${line(row)}`);
  }
} finally {
  serve?.child.kill();
  await stopCluster(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(['', ...HEADER, ...rows.map(line)].join('\n'));

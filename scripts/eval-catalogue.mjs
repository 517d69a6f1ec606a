// `npm run eval:catalogue [-- SETDIR]`: scores the team catalogue against the local scanner on a
// corpus (default ../shared/corpus), on a cluster it starts itself: the library is added with
// `recital catalogue add`, then the corpus scorer runs three times: the local scanner,
// `recital scan --redis`, and `recital serve` (each reply POSTed to /v1/scan). Prints each one's
// recall and precision and the largest difference from local. Needs `npm run build:cli` first.
//
// Called with `scan ...` it is the scorer's scanner instead: EVAL_CATALOGUE_MODE says which.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, stopCluster } from './redis-cluster.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist-cli/recital.js');
const [first, ...rest] = process.argv.slice(2);

if (first === 'scan') await actAsScanner(rest);
else await evaluate(path.resolve(first ?? path.join(ROOT, '../shared/corpus')));

// `scan --json --library DIR REPLY...` from the scorer, answered from the catalogue.
async function actAsScanner(args) {
  const replies = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--library');
  const url = process.env.EVAL_CATALOGUE_REDIS;
  if (process.env.EVAL_CATALOGUE_MODE === 'redis') {
    execFileSync('node', [CLI, 'scan', '--json', '--redis', url, ...replies], {
      stdio: ['ignore', 'inherit', 'inherit'],
      maxBuffer: 1 << 30,
    });
    return;
  }
  const server = process.env.EVAL_CATALOGUE_SERVER;
  const token = process.env.EVAL_CATALOGUE_TOKEN;
  const lines = [];
  // 8 at a time: the service's clients are many extensions, not one.
  for (let i = 0; i < replies.length; i += 8) {
    const batch = replies.slice(i, i + 8);
    const answers = await Promise.all(
      batch.map(async (reply) => {
        const text = fs.readFileSync(reply, 'utf8');
        const response = await fetch(`${server}/v1/scan`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        if (!response.ok) throw new Error(`${reply}: ${response.status} ${await response.text()}`);
        return { reply, matches: (await response.json()).matches };
      }),
    );
    for (const answer of answers) lines.push(JSON.stringify(answer));
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function score(setDir, env) {
  const out = execFileSync(
    'node',
    [path.join(setDir, 'tools/eval.mjs'), setDir, '--project', ROOT].concat(
      env ? ['--cmd', `node ${path.join(ROOT, 'scripts/eval-catalogue.mjs')}`] : [],
    ),
    { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 },
  );
  return JSON.parse(out.slice(out.indexOf('{'))).scanner;
}

function figures(s) {
  return { recall: s.recall, charPrecision: s.charPrecision, negativeFpRate: s.negativeFpRate };
}

function largestDifference(a, b) {
  let most = Math.abs(a.charPrecision - b.charPrecision);
  most = Math.max(most, Math.abs(a.negativeFpRate - b.negativeFpRate));
  for (const [k, v] of Object.entries(a.recall))
    most = Math.max(most, Math.abs(v.recall - (b.recall[k]?.recall ?? 0)));
  return most;
}

async function evaluate(setDir) {
  if (!fs.existsSync(CLI)) throw new Error('run npm run build:cli first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-eval-cluster-'));
  const { url } = await startCluster({ dir });
  let serve;
  try {
    const started = Date.now();
    execFileSync('node', [CLI, 'catalogue', 'add', '--redis', url, path.join(setDir, 'library')], {
      stdio: 'inherit',
    });
    console.error(`added the library in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const token = 'eval-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    fs.writeFileSync(path.join(dir, 'token'), token);
    serve = spawn(
      'node',
      [
        CLI,
        'serve',
        '--redis',
        url,
        '--port',
        '0',
        '--token-file',
        path.join(dir, 'token'),
        '--rate',
        '0',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env },
      },
    );
    const server = await new Promise((resolve, reject) => {
      let err = '';
      serve.stderr.on('data', (chunk) => {
        err += chunk;
        const found = /serving the catalogue on (http:\/\/[^/]+)\//.exec(err);
        if (found) resolve(found[1]);
      });
      serve.once('exit', () => reject(new Error(`serve stopped: ${err}`)));
    });
    const local = score(setDir);
    const redis = score(setDir, { EVAL_CATALOGUE_MODE: 'redis', EVAL_CATALOGUE_REDIS: url });
    const served = score(setDir, {
      EVAL_CATALOGUE_MODE: 'serve',
      EVAL_CATALOGUE_SERVER: server,
      EVAL_CATALOGUE_TOKEN: token,
    });
    const summary = {
      local: { seconds: local.seconds, ...figures(local) },
      redis: { seconds: redis.seconds, errors: redis.errors, ...figures(redis) },
      serve: { seconds: served.seconds, errors: served.errors, ...figures(served) },
      largestDifference: {
        redis: +largestDifference(local, redis).toFixed(4),
        serve: +largestDifference(local, served).toFixed(4),
      },
    };
    console.log(JSON.stringify(summary, null, 1));
    if (summary.largestDifference.redis > 0.001 || summary.largestDifference.serve > 0.001)
      process.exitCode = 1;
  } finally {
    serve?.kill('SIGTERM');
    await stopCluster(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// What a cold wake costs before the library's size counts, measured in the same run as the rest:
// (a) each build with an empty library (its worker's start, its store opened, the reply's words
// read: everything but the filter, the pages and the texts), and (b) an extension whose worker
// only answers, the least any extension's wake can take in this browser on this machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchExtension } from './extension.mjs';
import { coldScan } from './measure.mjs';

/** `runs` cold wakes + checks of each reply set's first reply, in `ext` as it is (no import). */
export async function coldWakes(ext, replySets, runs) {
  const out = {};
  for (const [label, { first }] of Object.entries(replySets)) {
    const cold = [];
    for (let i = 0; i < runs; i++) cold.push(await coldScan(ext, first));
    out[label] = cold;
  }
  return out;
}

// The least extension the bench's probe can talk to: the probe page it opens, and a worker that
// answers checkText with no spans at once. A classic worker of one line: nothing to load first.
const BARE_MANIFEST = {
  manifest_version: 3,
  name: 'Recital bench: a worker that only answers',
  version: '1.0',
  background: { service_worker: 'worker.js' },
};
const BARE_WORKER =
  'chrome.runtime.onMessage.addListener((message, sender, reply) => {\n' +
  '  reply({ ok: true, value: { words: 0, coverage: 0, spans: [] } });\n' +
  '});\n';

/** Cold wakes + answers of the bare extension, with the same replies as the builds. */
export async function bareWakes(replySets, runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-scale-bare-'));
  try {
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(BARE_MANIFEST));
    fs.writeFileSync(path.join(dir, 'worker.js'), BARE_WORKER);
    fs.mkdirSync(path.join(dir, 'src/check'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/check/index.html'), '<!doctype html><title>probe</title>');
    const ext = await launchExtension(dir);
    try {
      return await coldWakes(ext, replySets, runs);
    } finally {
      await ext.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

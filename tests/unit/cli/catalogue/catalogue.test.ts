import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassageIndex, type Span } from '../../../../src/core/index';
import {
  runCatalogueCommand,
  type CatalogueArgs,
} from '../../../../src/cli/catalogue/catalogue-command';
import { CatalogueScanner } from '../../../../src/cli/catalogue/catalogue-scanner';
import { packBatch } from '../../../../src/cli/catalogue/batch-postings';
import { connectCatalogue, type CatalogueClient } from '../../../../src/cli/catalogue/connect';
import {
  docKey,
  groupKey,
  idBytes,
  LAYOUT_VERSION,
  SHAPE,
  SHAPE_KEY,
} from '../../../../src/cli/catalogue/layout';
import { documentPlaces } from '../../../../src/cli/catalogue/shingles';
import { LibraryTexts } from '../../../../src/cli/library-texts';
import { readLibraryDocument } from '../../../../src/cli/read-text-file';
import { scanInputs } from '../../../../src/cli/reply-loop';
import { listLibraries } from '../../../../src/cli/saved-index/read-library';
import {
  clusterUnavailable,
  masterPorts,
  redisCli,
  startTestCluster,
  type TestCluster,
} from './test-cluster';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const SAMPLES = path.join(ROOT, 'samples');
const unavailable = clusterUnavailable();

let cluster: TestCluster;
let redis: CatalogueClient;
let dir = '';
const lib = (name = ''): string => path.join(dir, 'lib', name);

const ADDED_MD = `---
title: The Salt Road
author: Ines Marlow
---

# The Salt Road

The caravan left the white pans at dawn, forty camels roped nose to tail, and the old guide sang
the names of every well between the lake and the sea so that none of us would forget them.
`;
const ROAD_QUOTE =
  'forty camels roped nose to tail, and the old guide sang the names of every well between the lake and the sea';

async function run(action: CatalogueArgs['action'], paths: string[], json = false) {
  const lines = { warn: [] as string[], out: '' };
  const status = await runCatalogueCommand(
    { command: 'catalogue', action, redis: cluster.url, paths, json },
    {
      warn: (m) => lines.warn.push(m),
      progress: () => undefined,
      out: (t) => void (lines.out += t),
    },
  );
  return { status, ...lines };
}

/** Every key and value on every master, as one digest: equal digests mean nothing changed. */
async function snapshot(): Promise<string> {
  const entries: string[] = [];
  for (const node of redis.nodes('master')) {
    for (const key of await node.keys('rc:*')) {
      const type = await node.type(key);
      const value =
        type === 'hash'
          ? Object.entries(await node.hgetallBuffer(key))
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([f, v]) => `${f}=${v.toString('hex')}`)
              .join(',')
          : String(await node.get(key));
      entries.push(`${key}:${value}`);
    }
  }
  return createHash('sha256').update(entries.sort().join('\n')).digest('hex');
}

/** Bytes of posting entries in every bucket of the cluster. */
async function postingBytes(): Promise<number> {
  let total = 0;
  for (const node of redis.nodes('master'))
    for (const key of await node.keys('rc:p:*'))
      for (const v of Object.values(await node.hgetallBuffer(key))) total += v.length;
  return total;
}

/** The local scanner's spans for each reply file: the CLI's own loop over a fresh index. */
async function localSpans(library: string, replies: string[]): Promise<Span[][]> {
  const index = new PassageIndex();
  const texts = new LibraryTexts(1e9, () => undefined);
  const { files } = listLibraries([library], { warn: () => undefined, progress: () => undefined });
  for (const { name, file } of files) {
    const read = await readLibraryDocument(file);
    index.addDocument(name, read.text);
    texts.add(name, file, read);
  }
  const out: Span[][] = [];
  const options = { minWords: 12, includeNear: true };
  for await (const event of scanInputs(replies, index, texts, options))
    if (event.kind === 'reply') out.push(event.result.spans);
  return out;
}

async function catalogueSpans(replies: string[]): Promise<Span[][]> {
  const scanner = new CatalogueScanner(redis);
  const out: Span[][] = [];
  for (const reply of replies)
    out.push((await scanner.scan(fs.readFileSync(reply, 'utf8'))).result.spans);
  return out;
}

describe.skipIf(unavailable)('the team catalogue on a Redis Cluster', () => {
  const replies: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-catalogue-'));
    fs.cpSync(path.join(SAMPLES, 'library'), lib(), { recursive: true });
    fs.mkdirSync(lib('travel'));
    fs.writeFileSync(lib('travel/salt-road.md'), ADDED_MD);
    for (const name of fs.readdirSync(path.join(SAMPLES, 'replies')))
      replies.push(path.join(SAMPLES, 'replies', name));
    const road = path.join(dir, 'road-reply.txt');
    fs.writeFileSync(road, `Here is the passage you asked for:\r\n\r\n> ${ROAD_QUOTE}.\r\n`);
    replies.push(road);
    cluster = await startTestCluster();
    redis = await connectCatalogue(cluster.url);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('adds a library, lists it by source path with title and author, and re-adding changes nothing', async () => {
    const first = await run('add', [lib()]);
    expect(first.status).toBe(0);
    expect(first.warn.at(-1)).toMatch(/4 added, 0 replaced, 0 unchanged, 0 failed/);
    const listed = (await run('list', [], true)).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(listed.map((d) => d.source)).toEqual([
      'salt-and-ledger.txt',
      'the-glass-orchard.txt',
      'the-lighthouse-keeper.txt',
      'travel/salt-road.md',
    ]);
    expect(listed[3]).toMatchObject({ title: 'The Salt Road', author: 'Ines Marlow' });
    const before = await snapshot();
    const again = await run('add', [lib()]);
    expect(again.warn.at(-1)).toMatch(/0 added, 0 replaced, 4 unchanged/);
    expect(await snapshot()).toBe(before);
  });

  it('finds exactly the spans the local scanner finds, with offsets into the files on disk', async () => {
    const local = await localSpans(lib(), replies);
    const remote = await catalogueSpans(replies);
    expect(local.flat().length).toBeGreaterThanOrEqual(4);
    expect(remote).toEqual(local);
    // The CRLF reply's quote points into the Markdown file past its front matter.
    const road = remote.at(-1)?.[0] as Span;
    const onDisk = fs.readFileSync(lib('travel/salt-road.md'), 'utf8');
    expect(onDisk.slice(road.sourceStart, road.sourceEnd).replace(/\s+/g, ' ')).toBe(ROAD_QUOTE);
  });

  it('replaces a changed file: its old passage stops matching and its old postings are gone', async () => {
    const bytesBefore = await postingBytes();
    fs.writeFileSync(
      lib('travel/salt-road.md'),
      ADDED_MD.replace('forty camels roped nose to tail', 'a dozen mules in a patient line'),
    );
    const replaced = await run('add', [lib()]);
    expect(replaced.warn.at(-1)).toMatch(/0 added, 1 replaced, 3 unchanged/);
    // Only the words after the change still match, as the local scanner says too.
    const [spans] = await catalogueSpans([replies.at(-1) as string]);
    expect(spans?.map((s) => s.words)).toEqual([16]);
    expect([spans]).toEqual(await localSpans(lib(), [replies.at(-1) as string]));
    // Same length of text, so about as many postings; the old version's are not left behind.
    expect(Math.abs((await postingBytes()) - bytesBefore)).toBeLessThan(bytesBefore * 0.02);
  });

  it('ignores the entries of a version no pointer names (an add that died before its flip)', async () => {
    const road = replies.at(-1) as string;
    const [before] = await catalogueSpans([road]);
    expect(before?.map((s) => s.docId)).toContain('travel/salt-road.md');
    // What a crashed add leaves: a text and entries under a fresh id, its pointer never set.
    const id = 1_000_000;
    const { text } = await readLibraryDocument(lib('travel/salt-road.md'));
    await redis.hset(docKey(id), {
      source: 'ghost.md',
      seq: '0',
      sha: 'x',
      title: 'Ghost',
      z: deflateRawSync(Buffer.from(text, 'utf8')),
    });
    const groups = packBatch([{ id, places: documentPlaces(text) }]);
    for (const { group, blob } of groups) await redis.appendEntries(groupKey(group), blob);
    try {
      const [after] = await catalogueSpans([road]);
      expect(after).toEqual(before);
    } finally {
      for (const { group, buckets } of groups)
        await redis.removeEntries(groupKey(group), idBytes([id]), ...buckets.map(String));
      await redis.del(docKey(id));
    }
  });

  it('refuses a catalogue of another layout, saying what to do', async () => {
    const shape = (layout: number): string => JSON.stringify({ ...JSON.parse(SHAPE), layout });
    try {
      await redis.set(SHAPE_KEY, shape(LAYOUT_VERSION + 1));
      await expect(connectCatalogue(cluster.url)).rejects.toThrow(
        /made by a newer Recital .*update Recital/,
      );
      await redis.set(SHAPE_KEY, shape(LAYOUT_VERSION - 1));
      const listed = await run('list', []);
      expect(listed.status).toBe(1);
      expect(listed.warn.join('\n')).toMatch(/another version of Recital .*add it again/);
    } finally {
      await redis.set(SHAPE_KEY, SHAPE);
    }
  });

  it('removes a document by source; an unknown source is an error that names it', async () => {
    const removed = await run('remove', ['travel/salt-road.md']);
    expect(removed.status).toBe(0);
    const listed = (await run('list', [])).out;
    expect(listed).not.toContain('salt-road');
    const missing = await run('remove', ['travel/salt-road.md']);
    expect(missing.status).toBe(1);
    expect(missing.warn.join('\n')).toMatch(/travel\/salt-road\.md: not in the catalogue/);
    // Only the three sample books' postings remain: adding them anew gives the same bytes.
    const bytes = await postingBytes();
    for (const name of [
      'salt-and-ledger.txt',
      'the-glass-orchard.txt',
      'the-lighthouse-keeper.txt',
    ])
      await run('remove', [name]);
    expect(await postingBytes()).toBe(0);
    await run('add', [path.join(SAMPLES, 'library')]);
    expect(await postingBytes()).toBe(bytes);
  });

  it('two adds of the same new files at once leave one version of each and nothing else', async () => {
    const twice = path.join(dir, 'twice');
    fs.mkdirSync(twice);
    for (const name of fs.readdirSync(path.join(SAMPLES, 'library')))
      fs.copyFileSync(path.join(SAMPLES, 'library', name), path.join(twice, `copy-${name}`));
    const bytes = await postingBytes();
    const docKeys = async (): Promise<number> => {
      let count = 0;
      for (const node of redis.nodes('master')) count += (await node.keys('rc:d:*')).length;
      return count;
    };
    const keysBefore = await docKeys();
    // Both read "not in the catalogue" before either makes its version live.
    const [a, b] = await Promise.all([run('add', [twice]), run('add', [twice])]);
    expect([a.status, b.status]).toEqual([0, 0]);
    const names = fs.readdirSync(twice);
    expect(await docKeys()).toBe(keysBefore + names.length);
    for (const name of names) expect((await run('remove', [name])).status).toBe(0);
    expect(await postingBytes()).toBe(bytes);
    expect(await docKeys()).toBe(keysBefore);
  });

  it('refuses an add on a full cluster (maxmemory) with a clear error and keeps nothing of it', async () => {
    const big = path.join(dir, 'big');
    fs.mkdirSync(big);
    // 2 MB of distinct words: many postings and a text that cannot fit in the room left.
    const words = Array.from({ length: 300_000 }, (_, i) => `w${(i * 7919) % 1_000_003}x`);
    fs.writeFileSync(path.join(big, 'huge.txt'), words.join(' '));
    const before = await snapshot();
    const masters = masterPorts(cluster);
    for (const port of masters) {
      const used = Number(/used_memory:(\d+)/.exec(redisCli(port, 'info', 'memory'))?.[1]);
      redisCli(port, 'config', 'set', 'maxmemory', String(used + 256 * 1024));
    }
    try {
      const refused = await run('add', [big]);
      expect(refused.status).toBe(1);
      expect(refused.warn.join('\n')).toMatch(/huge\.txt: not added \(the cluster is full/);
    } finally {
      for (const port of masters) redisCli(port, 'config', 'set', 'maxmemory', '0');
    }
    expect((await run('list', [])).out).not.toContain('huge.txt');
    // Its id was taken (the counter moved on); every other key is as it was.
    await redis.set(
      'rc:{catalogue}:next',
      String(Number(await redis.get('rc:{catalogue}:next')) - 1),
    );
    expect(await snapshot()).toBe(before);
  });
});

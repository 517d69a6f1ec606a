// A master killed while scans run: the cluster fails over and no scan fails.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCatalogueCommand } from '../../src/cli/catalogue/catalogue-command';
import { CatalogueScanner } from '../../src/cli/catalogue/catalogue-scanner';
import { connectCatalogue, type CatalogueClient } from '../../src/cli/catalogue/connect';
import { killNode, startNode, waitFor } from '../../scripts/redis-cluster.mjs';
import {
  clusterUnavailable,
  masterPorts,
  redisCli,
  startTestCluster,
  type TestCluster,
} from '../unit/cli/catalogue/test-cluster';

const ROOT = path.resolve(import.meta.dirname, '../..');
const unavailable = clusterUnavailable();

let cluster: TestCluster;
let redis: CatalogueClient;

describe.skipIf(unavailable)('the catalogue when a master dies', () => {
  beforeAll(async () => {
    cluster = await startTestCluster();
    const status = await runCatalogueCommand(
      {
        command: 'catalogue',
        action: 'add',
        redis: cluster.url,
        paths: [path.join(ROOT, 'samples/library')],
        json: false,
      },
      { warn: () => undefined, progress: () => undefined, out: () => undefined },
    );
    expect(status).toBe(0);
    redis = await connectCatalogue(cluster.url);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  }, 30_000);

  it('keeps answering every scan of 8 concurrent clients through the failover, and the node rejoins', async () => {
    const replies = fs
      .readdirSync(path.join(ROOT, 'samples/replies'))
      .map((name) => fs.readFileSync(path.join(ROOT, 'samples/replies', name), 'utf8'));
    // Each client has its own cache-less view of the documents: every scan asks the cluster.
    const scanners = Array.from({ length: 8 }, () => new CatalogueScanner(redis, 0));
    const expected = await Promise.all(replies.map((r) => scanners[0]!.scan(r)));
    const counts = expected.map((e) => e.result.spans.length);
    expect(counts.some((n) => n > 0)).toBe(true);

    const [victim] = masterPorts(cluster);
    let stop = false;
    let scans = 0;
    const failures: string[] = [];
    const client = async (scanner: CatalogueScanner, c: number): Promise<void> => {
      for (let i = c; !stop; i++) {
        const r = i % replies.length;
        try {
          const { result } = await scanner.scan(replies[r] as string);
          if (result.spans.length !== counts[r])
            failures.push(`reply ${r}: ${result.spans.length} spans`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        scans++;
      }
    };
    const running = scanners.map(client);
    await waitFor(() => scans > 50, 10_000, 'scans did not start');
    killNode(cluster.dir, victim as number);
    // A replica takes over the dead master's slots.
    await waitFor(
      () =>
        redisCli(cluster.ports.find((p) => p !== victim) as number, 'cluster', 'info').includes(
          'cluster_state:ok',
        ) && masterPorts(cluster).length === 3,
      30_000,
      'no failover',
    );
    const atFailover = scans;
    await waitFor(() => scans > atFailover + 50, 20_000, 'scans did not go on after the failover');
    stop = true;
    await Promise.all(running);
    expect(failures).toEqual([]);

    // The restarted node comes back as a replica and the cluster is whole again.
    startNode(cluster.dir, victim as number);
    await waitFor(
      () => redisCli(victim as number, 'role').startsWith('slave'),
      20_000,
      'no rejoin',
    );
    expect(redisCli(victim as number, 'cluster', 'info')).toContain('cluster_state:ok');
  }, 60_000);
});

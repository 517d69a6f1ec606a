// A real Redis Cluster for a test file, on free ports in a temporary folder, stopped at the end
// (scripts/redis-cluster.mjs, the one `npm run cluster:start` uses). Nothing mocks Redis.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensureRedisServer,
  startCluster,
  stopCluster,
} from '../../../../scripts/redis-cluster.mjs';

/** Why the cluster tests cannot run here, or undefined when redis-server is (now) installed. */
export function clusterUnavailable(): string | undefined {
  try {
    ensureRedisServer();
    return undefined;
  } catch (error) {
    const why = `skipping the Redis Cluster tests: ${(error as Error).message}`;
    console.warn(why);
    return why;
  }
}

export interface TestCluster {
  url: string;
  ports: number[];
  dir: string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recital-cluster-'));
  const { url, ports } = await startCluster({ dir });
  return {
    url,
    ports,
    dir,
    stop: async () => {
      await stopCluster(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs redis-cli against one node and returns its output. */
export function redisCli(port: number, ...args: string[]): string {
  return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
  });
}

/** The ports of the nodes that are masters now. */
export function masterPorts(cluster: TestCluster): number[] {
  return cluster.ports.filter((p) => {
    try {
      return redisCli(p, 'role').startsWith('master');
    } catch {
      return false;
    }
  });
}

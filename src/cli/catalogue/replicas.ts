// Before a batch's pointers name it, every master's replicas must hold its writes (WAIT): Redis
// replicates asynchronously, so a master that died with writes not yet copied would leave a
// live document missing postings after the failover. Waiting turns that into a failed add,
// which cleans up and says so, instead of a silent hole.
import type { CatalogueClient } from './connect';

const WAIT_MS = 60_000;

/** Waits until each master's connected replicas confirm this client's writes; throws if not. */
export async function waitForReplicas(redis: CatalogueClient): Promise<void> {
  await Promise.all(
    redis.nodes('master').map(async (node) => {
      const info = await node.info('replication');
      const replicas = Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0);
      if (replicas === 0) return;
      const acked = Number(await node.call('WAIT', String(replicas), String(WAIT_MS)));
      if (acked < replicas)
        throw new Error(
          `${acked} of ${replicas} replicas of ${node.options.host}:${node.options.port} confirmed the writes within ${WAIT_MS / 1000} s`,
        );
    }),
  );
}

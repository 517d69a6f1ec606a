// `npm run cluster:start` / `npm run cluster:stop`: the local Redis Cluster the team catalogue
// runs on. Data in .cluster/ (or RECITAL_CLUSTER_DIR), ports 7000-7005 (or from
// RECITAL_CLUSTER_PORT); RECITAL_CLUSTER_MAXMEMORY limits each node (e.g. 200mb).
import path from 'node:path';
import { startCluster, stopCluster } from './redis-cluster.mjs';

const dir = path.resolve(process.env.RECITAL_CLUSTER_DIR || '.cluster');
const port = Number(process.env.RECITAL_CLUSTER_PORT || 7000);
const [command] = process.argv.slice(2);

try {
  if (command === 'start') {
    const { url } = await startCluster({
      dir,
      port,
      maxmemory: process.env.RECITAL_CLUSTER_MAXMEMORY || undefined,
    });
    console.log(url);
  } else if (command === 'stop') {
    await stopCluster(dir);
    console.error(`stopped the cluster in ${dir}`);
  } else {
    console.error('usage: node scripts/cluster.mjs start|stop');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`cluster: ${error.message}`);
  process.exitCode = 1;
}

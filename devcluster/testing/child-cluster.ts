/**
 * A dev cluster in its own process for crash tests: API only (no controllers, no demo
 * seed), prints one JSON line {url, port, kubeconfigPath} once it listens.
 * Env: DATA_DIR, DEVCLUSTER_PORT (default 0).
 */
import { startDevCluster } from '../cluster';

const cluster = await startDevCluster({
  port: Number(process.env.DEVCLUSTER_PORT ?? 0),
  dataDir: process.env.DATA_DIR,
  controllers: false,
  seed: false,
});
process.stdout.write(JSON.stringify({ url: cluster.url, port: cluster.port, kubeconfigPath: cluster.kubeconfigPath, token: cluster.token }) + '\n');
process.on('SIGTERM', () => void cluster.close().then(() => process.exit(0)));

/** `npm run devcluster`: the dev cluster from the environment (DEVCLUSTER_PORT, DATA_DIR, BIND_ADDRESS). */
import { DEFAULT_BIND_ADDRESS, DEFAULT_DATA_DIR, DEFAULT_PORTS, ENV, portFromEnv } from '../lib/defaults';
import { startDevCluster } from './cluster';
import { ALLOWED_ENDPOINT_CIDRS_VARIABLE } from './controllers/endpoint-address-admission';

const cluster = await startDevCluster({
  port: portFromEnv(process.env, ENV.devclusterPort, DEFAULT_PORTS.devcluster),
  dataDir: process.env[ENV.dataDir] || DEFAULT_DATA_DIR,
  bindAddress: process.env[ENV.bindAddress] || DEFAULT_BIND_ADDRESS,
  allowedEndpointCidrs: process.env[ALLOWED_ENDPOINT_CIDRS_VARIABLE],
});
console.log(`dev cluster API listening on ${cluster.url}`);
console.log(`kubeconfig: ${cluster.kubeconfigPath}`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`dev cluster: ${signal}, stopping`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  cluster
    .close()
    .then(() => process.exit(0))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

import 'server-only';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** Where the console finds the cluster: KUBECONFIG, else in-cluster, else the dev cluster's file. */
export function kubeconfigSource(): { kind: 'env' | 'in-cluster' | 'devcluster'; file?: string } {
  if (process.env.KUBECONFIG) return { kind: 'env', file: process.env.KUBECONFIG.split(path.delimiter)[0] };
  if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
    return { kind: 'in-cluster' };
  }
  const dataDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || '.data');
  return { kind: 'devcluster', file: path.join(dataDir, 'kubeconfig') };
}

let cached: { key: string; kc: KubeConfig } | undefined;

/** Loads (and caches until the file changes) the KubeConfig the console uses. */
export function loadKubeConfig(): KubeConfig {
  const src = kubeconfigSource();
  let mtime = 0;
  if (src.file) {
    try {
      mtime = statSync(/*turbopackIgnore: true*/ src.file).mtimeMs;
    } catch {
      throw new Error(`No kubeconfig at ${src.file}: is the cluster running?`);
    }
  }
  const key = `${src.kind}:${src.file ?? ''}:${mtime}`;
  if (cached?.key === key) return cached.kc;
  const kc = new KubeConfig();
  if (src.kind === 'env') kc.loadFromDefault();
  else if (src.kind === 'in-cluster') kc.loadFromCluster();
  else kc.loadFromFile(src.file!);
  cached = { key, kc };
  return kc;
}

/**
 * The console's own identity (it impersonates signed-in users and reads accounts): with the
 * dev cluster, the portico-console ServiceAccount kubeconfig it writes under
 * $DATA_DIR/serviceaccounts/; PORTICO_CONSOLE_KUBECONFIG overrides; otherwise the same
 * kubeconfig as above (KUBECONFIG or in-cluster: the console's service account there).
 */
let serviceCached: { key: string; kc: KubeConfig } | undefined;

export function loadServiceKubeConfig(): KubeConfig {
  const src = kubeconfigSource();
  let file = process.env.PORTICO_CONSOLE_KUBECONFIG;
  if (!file && src.kind === 'devcluster') {
    const candidate = path.join(path.dirname(src.file!), 'serviceaccounts', 'portico-console.kubeconfig');
    if (existsSync(/*turbopackIgnore: true*/ candidate)) file = candidate;
  }
  if (!file) return loadKubeConfig();
  let mtime = 0;
  try {
    mtime = statSync(/*turbopackIgnore: true*/ file).mtimeMs;
  } catch {
    throw new Error(`No kubeconfig at ${file}: is the cluster running?`);
  }
  const key = `${file}:${mtime}`;
  if (serviceCached?.key === key) return serviceCached.kc;
  const kc = new KubeConfig();
  kc.loadFromFile(/*turbopackIgnore: true*/ file);
  serviceCached = { key, kc };
  return kc;
}

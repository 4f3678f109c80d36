// Where the API server is and how to authenticate to it: a kubeconfig file (current context:
// server, CA, client certificate, bearer token / token file, basic auth, exec credential
// plugins) or the in-cluster ServiceAccount (KUBERNETES_SERVICE_HOST/PORT, its token and CA).
// Replaces @kubernetes/client-node's KubeConfig: that package alone cost ~70 MB of RSS.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importCjs } from '../import-cjs';

export interface KubeConnection {
  /** https://host:port (or http:// for a test server), no trailing slash */
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** insecure-skip-tls-verify */
  insecure?: boolean;
  /** tls-server-name */
  servername?: string;
  /** The Authorization header value for the next request (tokens rotate: read per call, cached briefly). */
  authorization(): Promise<string | undefined>;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Kubeconfig files beyond this are refused (a kubeconfig is a few KB). */
const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;
/** Token files are re-read at most this often (kubelet rotates projected tokens well before expiry). */
const TOKEN_REREAD_MS = 60_000;

/** A token file read on first use and again once a minute. */
function tokenFile(file: string): () => Promise<string | undefined> {
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (!cached || Date.now() - cached.at > TOKEN_REREAD_MS) {
      try {
        cached = { token: readFileSync(file, 'utf8').trim(), at: Date.now() };
      } catch (err) {
        // keep the last token when a rotation briefly removes the file
        if (!cached) throw new Error(`cannot read token file ${file}: ${(err as Error).message}`);
      }
    }
    return `Bearer ${cached.token}`;
  };
}

/** In-cluster: the ServiceAccount's token (re-read as it rotates) and CA; server from the env. */
export function inClusterConnection(
  env: Record<string, string | undefined>,
  dir = SERVICE_ACCOUNT_DIR,
): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT || '443';
  if (!host) throw new Error('KUBERNETES_SERVICE_HOST is not set: not running in a cluster');
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    server,
    ca: readFileSync(path.join(dir, 'ca.crt')),
    authorization: tokenFile(path.join(dir, 'token')),
  };
}

interface NamedEntry<T> {
  name: string;
  cluster?: T;
  user?: T;
  context?: T;
}
type Fields = Record<string, unknown>;

const str = (o: Fields, k: string): string | undefined =>
  typeof o[k] === 'string' && o[k] ? (o[k] as string) : undefined;

/** `<key>-data` (base64) or `<key>` (a file, relative to the kubeconfig's directory). */
function material(o: Fields, key: string, baseDir: string): Buffer | undefined {
  const data = str(o, `${key}-data`);
  if (data) return Buffer.from(data, 'base64');
  const file = str(o, key);
  return file ? readFileSync(path.resolve(baseDir, file)) : undefined;
}

interface ExecCredential {
  status?: {
    token?: string;
    expirationTimestamp?: string;
    clientCertificateData?: string;
    clientKeyData?: string;
  };
}

/** users[].user.exec: run the plugin, cache its token until shortly before it expires. */
function execPlugin(exec: Fields, baseDir: string): () => Promise<string | undefined> {
  const command = str(exec, 'command');
  if (!command) throw new Error('kubeconfig: users[].user.exec.command is required');
  const args = Array.isArray(exec.args) ? exec.args.map(String) : [];
  // as client-go does: the plugin learns which ExecCredential version to answer with
  const info = JSON.stringify({
    apiVersion: str(exec, 'apiVersion') ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  const extraEnv: Record<string, string> = { KUBERNETES_EXEC_INFO: info };
  for (const e of Array.isArray(exec.env) ? (exec.env as Fields[]) : [])
    if (str(e, 'name')) extraEnv[e.name as string] = String(e.value ?? '');
  let cached: { header: string; until: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.until) return cached.header;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        command,
        args,
        {
          cwd: baseDir,
          env: { ...process.env, ...extraEnv },
          timeout: 30_000,
          maxBuffer: 1024 * 1024,
        },
        (err, stdout) =>
          err
            ? reject(new Error(`kubeconfig exec plugin ${command} failed: ${err.message}`))
            : resolve(stdout),
      ),
    );
    const cred = JSON.parse(out) as ExecCredential;
    const token = cred.status?.token;
    if (!token)
      throw new Error(
        `kubeconfig exec plugin ${command} returned no status.token (client certificates from exec plugins are not supported)`,
      );
    const expires = cred.status?.expirationTimestamp
      ? Date.parse(cred.status.expirationTimestamp)
      : NaN;
    cached = {
      header: `Bearer ${token}`,
      until: Number.isFinite(expires) ? expires - 10_000 : Date.now() + TOKEN_REREAD_MS,
    };
    return cached.header;
  };
}

/** The current context of a parsed kubeconfig. `baseDir` resolves relative file names. */
export function kubeconfigConnection(
  doc: unknown,
  baseDir: string,
  source = 'kubeconfig',
): KubeConnection {
  const cfg = (doc ?? {}) as {
    'current-context'?: string;
    contexts?: Array<NamedEntry<Fields>>;
    clusters?: Array<NamedEntry<Fields>>;
    users?: Array<NamedEntry<Fields>>;
  };
  const contexts = cfg.contexts ?? [];
  const ctxName = cfg['current-context'];
  const ctx = ctxName
    ? contexts.find((c) => c.name === ctxName)
    : contexts.length === 1
      ? contexts[0]
      : undefined;
  if (!ctx?.context)
    throw new Error(
      `${source}: no current context${ctxName ? ` (current-context "${ctxName}" is not among contexts)` : ''}`,
    );
  const clusterName = str(ctx.context, 'cluster');
  const cluster = cfg.clusters?.find((c) => c.name === clusterName)?.cluster;
  if (!cluster)
    throw new Error(
      `${source}: context "${ctx.name}" names cluster "${clusterName}", which is not among clusters`,
    );
  const server = str(cluster, 'server');
  if (!server || !/^https?:\/\//.test(server))
    throw new Error(
      `${source}: cluster "${clusterName}" needs a server URL (https://host:port), got "${server ?? ''}"`,
    );
  const userName = str(ctx.context, 'user');
  const user = (userName ? cfg.users?.find((u) => u.name === userName)?.user : undefined) ?? {};
  let authorization: () => Promise<string | undefined> = async () => undefined;
  const token = str(user, 'token');
  if (token) authorization = async () => `Bearer ${token}`;
  else if (str(user, 'tokenFile'))
    authorization = tokenFile(path.resolve(baseDir, str(user, 'tokenFile')!));
  else if (user.exec && typeof user.exec === 'object')
    authorization = execPlugin(user.exec as Fields, baseDir);
  else if (str(user, 'username')) {
    const basic = `Basic ${Buffer.from(`${str(user, 'username')}:${str(user, 'password') ?? ''}`).toString('base64')}`;
    authorization = async () => basic;
  } else if (user['auth-provider'])
    throw new Error(
      `${source}: user "${userName}": auth-provider is not supported; use an exec plugin or a token`,
    );
  return {
    server: server.replace(/\/+$/, ''),
    ca: material(cluster, 'certificate-authority', baseDir),
    cert: material(user, 'client-certificate', baseDir),
    key: material(user, 'client-key', baseDir),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    servername: str(cluster, 'tls-server-name'),
    authorization,
  };
}

/** Read a kubeconfig file (JSON or YAML). YAML's parser is loaded only when the file is not JSON. */
export async function kubeconfigFile(file: string): Promise<KubeConnection> {
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_KUBECONFIG_BYTES)
    throw new Error(`${file}: a kubeconfig larger than ${MAX_KUBECONFIG_BYTES} bytes is refused`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const { parse } = await importCjs(() => import('yaml'));
    doc = parse(text);
  }
  // KUBECONFIG may list several files (a:b); the first one is used, as before
  return kubeconfigConnection(doc, path.dirname(path.resolve(file)), file);
}

/** KUBECONFIG (its first file), else in-cluster, else the dev cluster's kubeconfig under DATA_DIR. */
export async function loadKubeConnection(
  env: Record<string, string | undefined> = process.env,
): Promise<{ conn: KubeConnection; source: string }> {
  if (env.KUBECONFIG) {
    const file = env.KUBECONFIG.split(path.delimiter).filter(Boolean)[0];
    return { conn: await kubeconfigFile(file), source: file };
  }
  if (env.KUBERNETES_SERVICE_HOST) return { conn: inClusterConnection(env), source: 'in-cluster' };
  const file = `${env.DATA_DIR ?? './.data'}/kubeconfig`;
  return { conn: await kubeconfigFile(file), source: file };
}

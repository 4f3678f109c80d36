/**
 * Default ports, names and environment variables from CONTRACTS.md, in one place for
 * every deployable (console, gateway, dev cluster).
 */
export const DEFAULT_PORTS = {
  console: 3000,
  devcluster: 6443,
  gatewayHttp: 8080,
  gatewayHttps: 8443,
  gatewayAdmin: 9080,
} as const;

export const ENV = {
  consolePort: 'PORT',
  devclusterPort: 'DEVCLUSTER_PORT',
  gatewayHttpPort: 'GATEWAY_HTTP_PORT',
  gatewayHttpsPort: 'GATEWAY_HTTPS_PORT',
  gatewayAdminPort: 'GATEWAY_ADMIN_PORT',
  dataDir: 'DATA_DIR',
  bindAddress: 'BIND_ADDRESS',
} as const;

export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_BIND_ADDRESS = '127.0.0.1';

export const INGRESS_CLASS = 'portico';
export const GATEWAY_CLASS = 'portico';
export const GATEWAY_CONTROLLER_NAME = 'portico.dev/gateway-controller';
export const SYSTEM_NAMESPACE = 'portico-system';
export const ANNOTATION_PREFIX = 'portico.dev/';
export const ANNOTATION_ALIAS = 'portico.dev/alias';
export const ANNOTATION_DESCRIPTION = 'portico.dev/description';

/** A TCP listener port P is served on P when P >= 1024, else on 8000 + P (80 -> 8080). */
export function servedPort(declared: number): number {
  return declared >= 1024 ? declared : 8000 + declared;
}

export function portFromEnv(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number 0-65535, got "${raw}"`);
  }
  return n;
}

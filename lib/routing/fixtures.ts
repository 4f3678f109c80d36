/** Small object builders for tests and the benchmark (plain data, no I/O). */
import type { GatewayInput, HTTPRouteInput, IngressInput, ServiceInput, SecretInput, Listener, GRPCRouteInput } from './types';
import type { HTTPIngressPath } from '../k8s/schemas/networking';

/** Ingress pathType as given (tests pass invalid ones on purpose: the gateway must report them). */
type IngressPathType = HTTPIngressPath['pathType'];

let clock = Date.parse('2026-01-01T00:00:00Z');
/** Monotonic creation times so "oldest wins" is deterministic. */
export function nextCreated(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

export function svc(ns: string, name: string, ports: Array<{ name?: string; port: number; targetPort?: number | string; appProtocol?: string }> = [{ name: 'http', port: 80, targetPort: 8080 }]): ServiceInput {
  return { metadata: { name, namespace: ns }, spec: { ports } };
}

export function tlsSecret(ns: string, name: string, cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n'): SecretInput {
  return { metadata: { name, namespace: ns }, type: 'kubernetes.io/tls', data: { 'tls.crt': btoa(cert), 'tls.key': btoa(key) } };
}

export interface IngPath {
  path?: string;
  pathType?: string;
  service?: string;
  port?: number | string;
}

export function ingress(
  ns: string,
  name: string,
  rules: Array<{ host?: string; paths: IngPath[] }>,
  extra: { annotations?: Record<string, string>; className?: string | null; tls?: Array<{ hosts?: string[]; secretName?: string }>; defaultBackend?: IngPath; created?: string } = {},
): IngressInput {
  const backend = (p: IngPath) => ({
    service: { name: p.service ?? 'echo', port: typeof p.port === 'string' ? { name: p.port } : { number: p.port ?? 80 } },
  });
  return {
    metadata: { name, namespace: ns, creationTimestamp: extra.created ?? nextCreated(), ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ...(extra.className === null ? {} : { ingressClassName: extra.className ?? 'portico' }),
      ...(extra.tls ? { tls: extra.tls } : {}),
      ...(extra.defaultBackend ? { defaultBackend: backend(extra.defaultBackend) } : {}),
      rules: rules.map((r) => ({
        ...(r.host !== undefined ? { host: r.host } : {}),
        http: { paths: r.paths.map((p) => ({ path: p.path ?? '/', pathType: (p.pathType ?? 'Prefix') as IngressPathType, backend: backend(p) })) },
      })),
    },
  };
}

export function gateway(ns: string, name: string, listeners: Listener[], className = 'portico'): GatewayInput {
  return { metadata: { name, namespace: ns, creationTimestamp: nextCreated(), generation: 1 }, spec: { gatewayClassName: className, listeners } };
}

export const GATEWAY_CLASS = { metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } };

export function httpRoute(ns: string, name: string, spec: HTTPRouteInput['spec'], created?: string): HTTPRouteInput {
  return { metadata: { name, namespace: ns, creationTimestamp: created ?? nextCreated(), generation: 1 }, spec };
}

export function grpcRoute(ns: string, name: string, spec: GRPCRouteInput['spec']): GRPCRouteInput {
  return { metadata: { name, namespace: ns, creationTimestamp: nextCreated(), generation: 1 }, spec };
}

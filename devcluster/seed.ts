/**
 * First-start objects: namespaces, the portico IngressClass and GatewayClass, the shared
 * Gateway `portico` (HTTP :80, HTTPS :443 with a self-signed certificate, routes from all
 * namespaces), and a demo echo app (Deployment, Service, Ingress at /echo, HTTPRoute at
 * /echo-httproute) so the product works out of the box. Idempotent: only what is missing is
 * created, and nothing the user changed is overwritten.
 */
import type { KubeObject, Registry } from './store/registry';
import {
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER_NAME,
  INGRESS_CLASS,
  SYSTEM_NAMESPACE,
} from '../lib/defaults';
import { apiVersionOf, kindByKind, resourceKeyOf } from '../lib/k8s/kinds';
import { selfSignedCert } from './server/certs';

export const DEMO_NAMESPACE = 'demo';
/** The shared Gateway every project may attach routes to (CONTRACTS "Names"). */
export const SHARED_GATEWAY = 'portico';
/** The Secret holding the shared Gateway's default (self-signed) HTTPS certificate. */
export const SHARED_GATEWAY_TLS_SECRET = 'portico-gateway-default-tls';
export const INGRESS_CONTROLLER_NAME = 'portico.dev/ingress-controller';
const SEEDED_ANNOTATION = 'portico.dev/seeded';

/** The registry key of a seed object's kind. */
const resourceOf = (kind: string): string => resourceKeyOf(kindByKind(kind)!); // every seed kind is in KINDS

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The shared Gateway's certificate Secret; its key pair is made only when it is called. */
function sharedGatewaySecret(): KubeObject {
  const { cert, key } = selfSignedCert('portico-gateway', ['localhost', '127.0.0.1']);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SHARED_GATEWAY_TLS_SECRET, namespace: SYSTEM_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'portico' } },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(cert), 'tls.key': b64(key) },
  };
}

/**
 * The shared Gateway: hostname-less HTTP :80 and HTTPS :443 listeners admitting routes from every
 * namespace, and ListenerSets from every namespace (self-service TLS per project, GEP-1713).
 */
export function sharedGateway(): KubeObject {
  const fromAll = { namespaces: { from: 'All' } };
  return {
    apiVersion: apiVersionOf('Gateway'),
    kind: 'Gateway',
    metadata: {
      name: SHARED_GATEWAY,
      namespace: SYSTEM_NAMESPACE,
      annotations: { 'portico.dev/description': 'Shared gateway: routes from every project, any host' },
    },
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: fromAll },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', group: '', name: SHARED_GATEWAY_TLS_SECRET }] },
          allowedRoutes: fromAll,
        },
      ],
      allowedListeners: { namespaces: { from: 'All' } },
    },
  };
}

export function seedObjects(): KubeObject[] {
  const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  });
  const app = { app: 'echo' };
  return [
    ns('default'),
    ns('kube-system'),
    ns('kube-public'),
    ns(SYSTEM_NAMESPACE, { 'app.kubernetes.io/part-of': 'portico' }),
    {
      ...ns(DEMO_NAMESPACE),
      metadata: {
        name: DEMO_NAMESPACE,
        annotations: {
          'portico.dev/alias': 'Demo',
          'portico.dev/description': 'A demo project: an echo app behind an Ingress',
        },
      },
    },
    {
      apiVersion: apiVersionOf('IngressClass'),
      kind: 'IngressClass',
      metadata: {
        name: INGRESS_CLASS,
        annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' },
      },
      spec: { controller: INGRESS_CONTROLLER_NAME },
    },
    {
      apiVersion: apiVersionOf('GatewayClass'),
      kind: 'GatewayClass',
      metadata: { name: GATEWAY_CLASS },
      spec: { controllerName: GATEWAY_CONTROLLER_NAME, description: 'Portico gateway' },
    },
    sharedGateway(),
    {
      apiVersion: apiVersionOf('Deployment'),
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: DEMO_NAMESPACE, labels: app },
      spec: {
        replicas: 2,
        selector: { matchLabels: app },
        template: {
          metadata: { labels: app },
          spec: {
            containers: [
              {
                name: 'echo',
                image: 'portico/echo:1',
                ports: [{ name: 'http', containerPort: 8080 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo', namespace: DEMO_NAMESPACE, labels: app },
      spec: { selector: app, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    {
      apiVersion: apiVersionOf('Ingress'),
      kind: 'Ingress',
      metadata: { name: 'echo', namespace: DEMO_NAMESPACE, labels: app },
      spec: {
        ingressClassName: INGRESS_CLASS,
        rules: [
          {
            http: {
              paths: [
                {
                  path: '/echo',
                  pathType: 'Prefix',
                  backend: { service: { name: 'echo', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: apiVersionOf('HTTPRoute'),
      kind: 'HTTPRoute',
      metadata: { name: 'echo', namespace: DEMO_NAMESPACE, labels: app },
      spec: {
        parentRefs: [{ name: SHARED_GATEWAY, namespace: SYSTEM_NAMESPACE }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/echo-httproute' } }],
            backendRefs: [{ name: 'echo', port: 80 }],
          },
        ],
      },
    },
  ];
}

/**
 * Creates the seed objects on first start only. A marker on the portico-system namespace
 * records that seeding happened, so objects the user deleted later are not brought back.
 */
export function seed(registry: Registry): void {
  const marker = registry.get('namespaces', undefined, SYSTEM_NAMESPACE);
  if (marker?.metadata.annotations?.[SEEDED_ANNOTATION]) return;
  const secretMissing = !registry.get('secrets', SYSTEM_NAMESPACE, SHARED_GATEWAY_TLS_SECRET);
  for (const obj of [...seedObjects(), ...(secretMissing ? [sharedGatewaySecret()] : [])]) {
    const resource = resourceOf(obj.kind);
    if (registry.get(resource, obj.metadata.namespace, obj.metadata.name!)) continue;
    registry.create(resource, obj.metadata.namespace, obj);
  }
  const system = registry.get('namespaces', undefined, SYSTEM_NAMESPACE)!;
  registry.update('namespaces', undefined, {
    ...system,
    metadata: {
      ...system.metadata,
      annotations: { ...(system.metadata.annotations ?? {}), [SEEDED_ANNOTATION]: 'true' },
    },
  });
}

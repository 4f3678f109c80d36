/**
 * First-start objects: namespaces, the portico IngressClass and GatewayClass, and a demo
 * echo app (Deployment, Service, Ingress) so the product works out of the box. Idempotent:
 * only what is missing is created, and nothing the user changed is overwritten.
 */
import type { KubeObject, Registry } from './store/registry';
import {
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER_NAME,
  INGRESS_CLASS,
  SYSTEM_NAMESPACE,
} from '../lib/defaults';
import { apiVersionOf, kindByKind, resourceKeyOf } from '../lib/k8s/kinds';

export const DEMO_NAMESPACE = 'demo';
export const INGRESS_CONTROLLER_NAME = 'portico.dev/ingress-controller';
const SEEDED_ANNOTATION = 'portico.dev/seeded';

/** The registry key of a seed object's kind. */
const resourceOf = (kind: string): string => resourceKeyOf(kindByKind(kind)!); // every seed kind is in KINDS

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
  ];
}

/**
 * Creates the seed objects on first start only. A marker on the portico-system namespace
 * records that seeding happened, so objects the user deleted later are not brought back.
 */
export function seed(registry: Registry): void {
  const marker = registry.get('namespaces', undefined, SYSTEM_NAMESPACE);
  if (marker?.metadata.annotations?.[SEEDED_ANNOTATION]) return;
  for (const obj of seedObjects()) {
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

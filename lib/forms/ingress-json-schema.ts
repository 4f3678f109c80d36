/**
 * JSON Schema of an Ingress for the YAML/JSON editors (completion, hover docs, markers),
 * generated from the same zod schema the server validates with (lib/k8s), then decorated
 * with one-line docs and the annotation keys the gateway supports.
 */
import { Ingress } from '../k8s/schemas/networking';
import { documentedJsonSchema, schemaAt, type JsonSchema } from './json-schema-docs';
import type { AnnotationSpec } from '../routing/types';

/** Docs by path; `[]` steps into array items. */
const DOCS: Record<string, string> = {
  apiVersion: 'API group and version: networking.k8s.io/v1',
  kind: 'Ingress: HTTP(S) routes from the gateway to Services of this project',
  metadata: 'Name, labels and annotations of the route',
  'metadata.name': 'Route name: a DNS-1123 subdomain (lowercase letters, digits, "-" and "."), unique in the project',
  'metadata.namespace': 'The project (namespace) of the route',
  'metadata.labels': 'Key/value labels to organise and select routes',
  'metadata.annotations': 'Settings for the gateway (nginx.ingress.kubernetes.io/*) and Portico (portico.dev/alias, portico.dev/description)',
  spec: 'How requests reach your Services',
  'spec.ingressClassName': 'Which gateway serves this route: "portico"',
  'spec.defaultBackend': 'Service that receives requests no rule matches',
  'spec.defaultBackend.service.name': 'Service name in this project',
  'spec.defaultBackend.service.port': 'Service port, by number or by name',
  'spec.tls': 'HTTPS: which TLS secret serves which hosts',
  'spec.tls[].hosts': 'Hosts served with this certificate; they should match rule hosts',
  'spec.tls[].secretName': 'A kubernetes.io/tls Secret in this project',
  'spec.rules': 'Host and path rules, checked in order of specificity',
  'spec.rules[].host': 'Host name, e.g. shop.example.com or *.example.com; omit to match every host',
  'spec.rules[].http.paths': 'Paths of this host and the Service each goes to',
  'spec.rules[].http.paths[].path': 'URL path, starting with "/"',
  'spec.rules[].http.paths[].pathType': 'Prefix: matches path segments; Exact: the path only; ImplementationSpecific: like Prefix here',
  'spec.rules[].http.paths[].backend.service.name': 'Service name in this project',
  'spec.rules[].http.paths[].backend.service.port': 'Service port: { number: 80 } or { name: http }',
  'spec.rules[].http.paths[].backend.service.port.number': 'Service port number (1-65535)',
  'spec.rules[].http.paths[].backend.service.port.name': 'Service port name',
  status: 'Set by the gateway: the address the route is served on',
};

function portNumbers(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const n = node as JsonSchema;
  const props = n.properties as Record<string, JsonSchema> | undefined;
  if (props?.number && props.name) Object.assign(props.number, { minimum: 1, maximum: 65535 });
  for (const v of Object.values(n)) if (v && typeof v === 'object') portNumbers(v);
}

export function makeIngressJsonSchema(annotations: readonly AnnotationSpec[] = []): JsonSchema {
  const schema = documentedJsonSchema(Ingress, 'Ingress', DOCS);
  portNumbers(schema);
  const ann = schemaAt(schema, 'metadata.annotations');
  if (ann) {
    ann.properties = Object.fromEntries([
      ['portico.dev/alias', { type: 'string', maxLength: 63, description: 'A friendly name shown beside the route name' }],
      ['portico.dev/description', { type: 'string', maxLength: 256, description: 'What this route is for' }],
      ...annotations.map((a) => [a.key, { type: 'string', description: a.description, examples: [a.example] }]),
    ]);
  }
  return schema;
}

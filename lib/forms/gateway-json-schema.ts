/** JSON Schema of a Gateway for the admin Gateway editor's YAML/JSON modes, with one-line docs. */
import { Gateway } from '../k8s/schemas/gateway';
import { documentedJsonSchema, type JsonSchema } from './json-schema-docs';

const DOCS: Record<string, string> = {
  apiVersion: 'API version: gateway.networking.k8s.io/v1',
  kind: 'Gateway: listeners (protocol, port, hostname) that routes attach to',
  'metadata.name': 'Gateway name: a DNS subdomain',
  'metadata.namespace': 'Namespace of the Gateway (its TLS Secrets live here); cannot change',
  'spec.gatewayClassName': 'The GatewayClass whose controller serves it: portico',
  'spec.listeners': 'Listeners: unique name, and port + protocol + hostname',
  'spec.listeners[].name': 'Listener name (routes pick it with sectionName)',
  'spec.listeners[].protocol': 'HTTP, HTTPS, TLS or TCP',
  'spec.listeners[].port': 'Port the gateway listens on (1-65535)',
  'spec.listeners[].hostname': 'Only requests for this host (or *.domain); none for TCP',
  'spec.listeners[].tls': 'HTTPS/TLS: mode Terminate (with certificateRefs) or Passthrough',
  'spec.listeners[].allowedRoutes': 'Which namespaces (Same, All, Selector) and route kinds may attach',
  status: 'Set by the gateway controller: addresses and each listener\'s conditions',
};

export const makeGatewayJsonSchema = (): JsonSchema => documentedJsonSchema(Gateway, 'Gateway', DOCS);

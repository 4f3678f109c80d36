/**
 * JSON Schema of a v1 Service for the wizard's YAML/JSON editors, from the zod schema the
 * server validates with (lib/k8s), with one-line docs and the wizard's ranges.
 */
import { Service } from '../k8s/schemas/core';
import { documentedJsonSchema, schemaAt, type JsonSchema } from './json-schema-docs';
import { AFFINITY_TIMEOUT_MAX, NODE_PORT_MAX, NODE_PORT_MIN } from './service-form';

const DOCS: Record<string, string> = {
  apiVersion: 'API version: v1',
  kind: 'Service: a stable name and address for a set of pods (or an external DNS name)',
  'metadata.name': 'Service name: a DNS-1035 label (lowercase letters, digits and "-", starting with a letter)',
  'metadata.namespace': 'The project (namespace) of the service',
  'metadata.labels': 'Key/value labels to organise and select services',
  'metadata.annotations': 'Notes and settings; portico.dev/alias and portico.dev/description are shown by the console',
  'spec.type': 'ClusterIP (default), NodePort, LoadBalancer or ExternalName; headless = ClusterIP with clusterIP: None',
  'spec.selector': 'Pods carrying all these labels receive the traffic; leave out to manage endpoints by hand',
  'spec.ports': 'Ports the service listens on',
  'spec.ports[].name': 'Port name (required when there are several ports)',
  'spec.ports[].port': 'Port the service listens on (1-65535)',
  'spec.ports[].targetPort': 'Container port, by number or by name; defaults to port',
  'spec.ports[].protocol': 'TCP (default), UDP or SCTP',
  'spec.ports[].appProtocol': 'Application protocol, e.g. http, https, kubernetes.io/h2c, kubernetes.io/ws',
  'spec.ports[].nodePort': `NodePort/LoadBalancer: port on every node (${NODE_PORT_MIN}-${NODE_PORT_MAX}); leave out to allocate one`,
  'spec.clusterIP': 'Virtual IP, allocated by the cluster; "None" makes the service headless',
  'spec.externalName': 'ExternalName: the DNS name this service is an alias for',
  'spec.sessionAffinity': 'ClientIP: requests from one client address go to the same pod',
  'spec.externalTrafficPolicy': 'NodePort/LoadBalancer: Local keeps the client source IP (only nodes with a ready pod answer)',
  'spec.internalTrafficPolicy': 'Local: traffic from inside the cluster only goes to pods on the same node',
  'spec.loadBalancerSourceRanges': 'LoadBalancer: client CIDRs allowed to connect, e.g. 10.0.0.0/8',
  status: 'Set by the cluster: load balancer addresses',
};

export function makeServiceJsonSchema(): JsonSchema {
  const schema = documentedJsonSchema(Service, 'Service', DOCS);
  const spec = schemaAt(schema, 'spec');
  const props = spec?.properties as Record<string, JsonSchema> | undefined;
  if (props) {
    props.sessionAffinityConfig = {
      type: 'object',
      description: 'Settings of ClientIP session affinity',
      properties: {
        clientIP: {
          type: 'object',
          properties: { timeoutSeconds: { type: 'integer', minimum: 1, maximum: AFFINITY_TIMEOUT_MAX, description: `Seconds a client sticks to its pod (default 10800, at most ${AFFINITY_TIMEOUT_MAX})` } },
        },
      },
    };
    props.loadBalancerSourceRanges = { type: 'array', items: { type: 'string' }, description: DOCS['spec.loadBalancerSourceRanges'] };
  }
  const nodePort = schemaAt(schema, 'spec.ports[].nodePort');
  if (nodePort) Object.assign(nodePort, { minimum: NODE_PORT_MIN, maximum: NODE_PORT_MAX });
  const port = schemaAt(schema, 'spec.ports[].port');
  if (port) Object.assign(port, { minimum: 1, maximum: 65535 });
  const ann = schemaAt(schema, 'metadata.annotations');
  if (ann)
    ann.properties = {
      'portico.dev/alias': { type: 'string', maxLength: 63, description: 'A friendly name shown beside the service name' },
      'portico.dev/description': { type: 'string', maxLength: 256, description: 'What this service is for' },
    };
  return schema;
}

/**
 * JSON Schemas of the Gateway API route kinds (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute) for the YAML/JSON editors (completion, hover docs,
 * markers), generated from the zod schemas the server validates with (lib/k8s) and
 * decorated with one-line docs.
 */
import { GRPCRoute, HTTPRoute, TCPRoute, TLSRoute } from '../k8s/schemas/gateway';
import { documentedJsonSchema, type JsonSchema } from './json-schema-docs';

const COMMON_DOCS: Record<string, string> = {
  apiVersion: 'API group and version',
  metadata: 'Name, labels and annotations of the route',
  'metadata.name': 'Route name: a DNS-1123 subdomain, unique in the project',
  'metadata.namespace': 'The project (namespace) of the route',
  'spec.parentRefs': 'Gateways (and their listeners, by sectionName) this route attaches to',
  'spec.parentRefs[].name': 'Gateway name',
  'spec.parentRefs[].namespace': 'Gateway namespace; omit for the route\'s own project',
  'spec.parentRefs[].sectionName': 'Listener name of the Gateway; omit for every listener',
  'spec.parentRefs[].port': 'Listener port of the Gateway',
  status: 'Set by the gateway controller: Accepted and ResolvedRefs per parent',
};

const HTTP_DOCS: Record<string, string> = {
  ...COMMON_DOCS,
  kind: 'HTTPRoute: HTTP routing from a Gateway listener to Services of this project',
  'spec.hostnames': 'Host names this route answers, e.g. shop.example.com or *.example.com; omit for every host of the listener',
  'spec.rules': 'Rules: requests matching any of a rule\'s matches go to its backends',
  'spec.rules[].matches': 'Conditions on path, headers, query parameters and method (all must hold); omit for every request',
  'spec.rules[].matches[].path': 'Path condition: type Exact, PathPrefix (default) or RegularExpression, and value',
  'spec.rules[].matches[].method': 'HTTP method, e.g. GET',
  'spec.rules[].filters': 'RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite, RequestMirror',
  'spec.rules[].backendRefs': 'Services receiving the traffic; weights split it (canary)',
  'spec.rules[].backendRefs[].name': 'Service name in this project',
  'spec.rules[].backendRefs[].port': 'Service port number',
  'spec.rules[].backendRefs[].weight': 'Share of traffic relative to the other backends (default 1): a canary split',
  'spec.rules[].timeouts': 'request: whole request; backendRequest: each try to a backend (e.g. 10s, 500ms)',
};

const TCP_DOCS: Record<string, string> = {
  ...COMMON_DOCS,
  kind: 'TCPRoute: raw TCP from a Gateway listener with protocol TCP to Services of this project',
  'spec.rules': 'One rule: the backends every connection goes to',
  'spec.rules[].backendRefs': 'Services receiving the connections; weights split them',
  'spec.rules[].backendRefs[].name': 'Service name in this project',
  'spec.rules[].backendRefs[].port': 'Service port number',
};

const BACKEND_DOCS: Record<string, string> = {
  'spec.rules[].backendRefs[].name': 'Service name in this project',
  'spec.rules[].backendRefs[].port': 'Service port number',
  'spec.rules[].backendRefs[].weight': 'Share of traffic relative to the other backends (default 1)',
};

const GRPC_DOCS: Record<string, string> = {
  ...COMMON_DOCS,
  ...BACKEND_DOCS,
  kind: 'GRPCRoute: gRPC routing (by service and method) from an HTTP or HTTPS listener to Services of this project',
  'spec.hostnames': 'Host names (:authority) this route answers; omit for every host of the listener',
  'spec.rules': 'Rules: calls matching any of a rule\'s matches go to its backends',
  'spec.rules[].matches': 'Conditions on the gRPC method and headers (all must hold); omit for every call',
  'spec.rules[].matches[].method': 'gRPC service (e.g. helloworld.Greeter) and method (e.g. SayHello); type Exact (default) or RegularExpression',
  'spec.rules[].matches[].headers': 'Header conditions: name, value, type Exact or RegularExpression',
  'spec.rules[].filters': 'RequestHeaderModifier, ResponseHeaderModifier, RequestMirror',
  'spec.rules[].backendRefs': 'Services (speaking gRPC, h2c) receiving the calls; weights split them',
};

const TLS_DOCS: Record<string, string> = {
  ...COMMON_DOCS,
  ...BACKEND_DOCS,
  kind: 'TLSRoute: TLS passthrough by SNI from a Gateway listener with protocol TLS to Services of this project',
  'spec.hostnames': 'SNI host names this route answers, e.g. db.example.com or *.example.com',
  'spec.rules': 'One rule: the backends every connection goes to (the TLS is not terminated)',
  'spec.rules[].backendRefs': 'Services receiving the connections; weights split them',
};

export const makeHttpRouteJsonSchema = (): JsonSchema => documentedJsonSchema(HTTPRoute, 'HTTPRoute', HTTP_DOCS);
export const makeTcpRouteJsonSchema = (): JsonSchema => documentedJsonSchema(TCPRoute, 'TCPRoute', TCP_DOCS);
export const makeGrpcRouteJsonSchema = (): JsonSchema => documentedJsonSchema(GRPCRoute, 'GRPCRoute', GRPC_DOCS);
export const makeTlsRouteJsonSchema = (): JsonSchema => documentedJsonSchema(TLSRoute, 'TLSRoute', TLS_DOCS);

// The kind registry: its lookups, and the tables the product derives from it (the console's
// resources, access reviews, live stream and cache; the gateway's watches). The expected
// tables are written out here on purpose: they are what the hand-written tables said before.
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_KINDS,
  GATEWAY_GROUP,
  GATEWAY_KINDS,
  KINDS,
  apiPath,
  apiVersionOf,
  groupResource,
  kindByKind,
  kindByPlural,
  kindInfo,
  resourceKeyOf,
} from './kinds';

describe('lookups', () => {
  it('apiVersionOf: group/version, bare version for core; by kind name or by coordinates', () => {
    expect(apiVersionOf('HTTPRoute')).toBe('gateway.networking.k8s.io/v1');
    expect(apiVersionOf('TCPRoute')).toBe('gateway.networking.k8s.io/v1');
    expect(apiVersionOf('ReferenceGrant')).toBe('gateway.networking.k8s.io/v1');
    expect(apiVersionOf('Ingress')).toBe('networking.k8s.io/v1');
    expect(apiVersionOf('EndpointSlice')).toBe('discovery.k8s.io/v1');
    expect(apiVersionOf('Service')).toBe('v1');
    expect(apiVersionOf({ group: 'apps', version: 'v1' })).toBe('apps/v1');
  });

  it('apiPath: collection, all namespaces, object; names encoded; no namespace segment for cluster-scoped kinds', () => {
    expect(apiPath('Gateway')).toBe('/apis/gateway.networking.k8s.io/v1/gateways');
    expect(apiPath('Ingress', 'demo')).toBe('/apis/networking.k8s.io/v1/namespaces/demo/ingresses');
    expect(apiPath('Service', 'demo', 'a b')).toBe('/api/v1/namespaces/demo/services/a%20b');
    expect(apiPath('Namespace', 'ignored', 'demo')).toBe('/api/v1/namespaces/demo');
    expect(apiPath('TLSRoute', 'x')).toBe('/apis/gateway.networking.k8s.io/v1/namespaces/x/tlsroutes');
  });

  it('kindByKind / kindByPlural / groupResource / kindInfo agree', () => {
    expect(kindByKind('GRPCRoute').plural).toBe('grpcroutes');
    expect(kindByKind('NoSuchKind')).toBeUndefined();
    expect(kindByPlural('httproutes').kind).toBe('HTTPRoute');
    expect(kindByPlural('httproutes', GATEWAY_GROUP)?.kind).toBe('HTTPRoute');
    expect(kindByPlural('httproutes', 'apps')).toBeUndefined();
    expect(kindByPlural('services', '')?.kind).toBe('Service');
    expect(groupResource('Ingress')).toEqual({ group: 'networking.k8s.io', resource: 'ingresses' });
    expect(kindInfo('gateway.networking.k8s.io/v1beta1', 'HTTPRoute')).toBe(kindByKind('HTTPRoute'));
  });

  it('kind names, plurals, console pages and gateway fields are unique (the lookups rely on it)', () => {
    const unique = (xs: string[]) => expect(new Set(xs).size).toBe(xs.length);
    unique(KINDS.map((k) => k.kind));
    unique(KINDS.map((k) => k.plural));
    unique(KINDS.map(resourceKeyOf));
    unique(CONSOLE_KINDS.flatMap((k) => (k.console.route ? [k.console.route] : [])));
    unique(GATEWAY_KINDS.map((k) => k.gateway.field));
  });
});

describe('what the product derives', () => {
  it("the console's pages: Ingress is 'routes'; every route kind has its segment", () => {
    const routes = Object.fromEntries(CONSOLE_KINDS.filter((k) => k.console.route).map((k) => [k.kind, k.console.route]));
    expect(routes).toEqual({
      Service: 'services',
      Ingress: 'routes',
      HTTPRoute: 'httproutes',
      GRPCRoute: 'grpcroutes',
      TCPRoute: 'tcproutes',
      TLSRoute: 'tlsroutes',
      RoleBinding: 'members',
    });
  });

  it('the access reviews the console asks per project', () => {
    const keys = CONSOLE_KINDS.flatMap((k) => (k.console.checks ?? []).map((v) => `${v}:${resourceKeyOf(k)}`)).sort();
    expect(keys).toEqual(
      [
        'create:ingresses.networking.k8s.io',
        'update:ingresses.networking.k8s.io',
        'delete:ingresses.networking.k8s.io',
        'create:listenersets.gateway.networking.k8s.io',
        'update:listenersets.gateway.networking.k8s.io',
        'delete:listenersets.gateway.networking.k8s.io',
        'create:services',
        'update:services',
        'delete:services',
        'patch:services',
        'create:secrets',
        'create:endpointslices.discovery.k8s.io',
        'create:httproutes.gateway.networking.k8s.io',
        'update:httproutes.gateway.networking.k8s.io',
        'delete:httproutes.gateway.networking.k8s.io',
        'create:tcproutes.gateway.networking.k8s.io',
        'update:tcproutes.gateway.networking.k8s.io',
        'delete:tcproutes.gateway.networking.k8s.io',
        'create:grpcroutes.gateway.networking.k8s.io',
        'update:grpcroutes.gateway.networking.k8s.io',
        'delete:grpcroutes.gateway.networking.k8s.io',
        'create:tlsroutes.gateway.networking.k8s.io',
        'update:tlsroutes.gateway.networking.k8s.io',
        'delete:tlsroutes.gateway.networking.k8s.io',
        'list:rolebindings.rbac.authorization.k8s.io',
        'create:rolebindings.rbac.authorization.k8s.io',
        'delete:rolebindings.rbac.authorization.k8s.io',
        'update:gateways.gateway.networking.k8s.io',
      ].sort(),
    );
  });

  it('the live stream follows these kinds, sending whole objects for the routes and Services', () => {
    const stream = Object.fromEntries(CONSOLE_KINDS.filter((k) => k.console.stream).map((k) => [k.plural, k.console.stream]));
    expect(stream).toEqual({
      ingresses: 'objects',
      services: 'objects',
      httproutes: 'objects',
      tcproutes: 'objects',
      grpcroutes: 'objects',
      tlsroutes: 'objects',
      endpointslices: 'names',
      pods: 'names',
      events: 'names',
    });
  });

  it('the gateway watches these kinds into these fields; only Gateway API kinds, Namespaces and ConfigMaps are optional', () => {
    const watched = Object.fromEntries(GATEWAY_KINDS.map((k) => [k.kind, [k.gateway.field, k.gateway.optional, k.gateway.writesStatus === true]]));
    expect(watched).toEqual({
      IngressClass: ['ingressClasses', false, false],
      Ingress: ['ingresses', false, true],
      Service: ['services', false, false],
      Secret: ['secrets', false, false],
      Namespace: ['namespaces', true, false],
      EndpointSlice: ['endpointSlices', false, false],
      GatewayClass: ['gatewayClasses', true, true],
      Gateway: ['gateways', true, true],
      HTTPRoute: ['httpRoutes', true, true],
      GRPCRoute: ['grpcRoutes', true, true],
      TCPRoute: ['tcpRoutes', true, true],
      TLSRoute: ['tlsRoutes', true, true],
      ReferenceGrant: ['referenceGrants', true, false],
      ListenerSet: ['listenerSets', true, true],
      UDPRoute: ['udpRoutes', true, true],
      BackendTLSPolicy: ['backendTLSPolicies', true, true],
      ConfigMap: ['configMaps', true, false],
    });
  });
});

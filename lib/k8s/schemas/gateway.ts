/** gateway.networking.k8s.io kinds (v1, ReferenceGrant v1beta1, TCPRoute and TLSRoute v1alpha2). */
import { z } from 'zod';
import { Condition, LabelSelector, int, resource } from './meta';

const GW = 'gateway.networking.k8s.io';

export const ParentReference = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string(),
  sectionName: z.string().optional(),
  port: int().optional(),
});

export const BackendRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
  port: int().optional(),
  weight: int().optional(),
});

export const RouteParentStatus = z.looseObject({
  parentRef: ParentReference,
  controllerName: z.string(),
  conditions: z.array(Condition).optional(),
});
const RouteStatus = z.looseObject({ parents: z.array(RouteParentStatus).optional() });

// ---- GatewayClass
export const GatewayClass = resource(`${GW}/v1`, 'GatewayClass', {
  spec: z.looseObject({
    controllerName: z.string(),
    parametersRef: z
      .looseObject({
        group: z.string(),
        kind: z.string(),
        name: z.string(),
        namespace: z.string().optional(),
      })
      .optional(),
    description: z.string().optional(),
  }),
  status: z.looseObject({ conditions: z.array(Condition).optional() }).optional(),
});

// ---- Gateway
export const SecretObjectReference = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
});

export const Listener = z.looseObject({
  name: z.string(),
  hostname: z.string().optional(),
  port: int(),
  protocol: z.string(),
  tls: z
    .looseObject({
      mode: z.enum(['Terminate', 'Passthrough']).optional(),
      certificateRefs: z.array(SecretObjectReference).optional(),
      options: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  allowedRoutes: z
    .looseObject({
      namespaces: z
        .looseObject({
          from: z.enum(['All', 'Same', 'Selector']).optional(),
          selector: LabelSelector.optional(),
        })
        .optional(),
      kinds: z.array(z.looseObject({ group: z.string().optional(), kind: z.string() })).optional(),
    })
    .optional(),
});

export const Gateway = resource(`${GW}/v1`, 'Gateway', {
  spec: z.looseObject({
    gatewayClassName: z.string(),
    listeners: z.array(Listener),
    addresses: z
      .array(z.looseObject({ type: z.string().optional(), value: z.string() }))
      .optional(),
    infrastructure: z.looseObject({}).optional(),
  }),
  status: z
    .looseObject({
      addresses: z
        .array(z.looseObject({ type: z.string().optional(), value: z.string() }))
        .optional(),
      conditions: z.array(Condition).optional(),
      listeners: z
        .array(
          z.looseObject({
            name: z.string(),
            supportedKinds: z
              .array(z.looseObject({ group: z.string().optional(), kind: z.string() }))
              .optional(),
            attachedRoutes: int(),
            conditions: z.array(Condition).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

// ---- HTTPRoute
export const HTTPPathMatch = z.looseObject({
  type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).optional(),
  value: z.string().optional(),
});
export const HTTPHeaderMatch = z.looseObject({
  type: z.enum(['Exact', 'RegularExpression']).optional(),
  name: z.string(),
  value: z.string(),
});
export const HTTPRouteMatch = z.looseObject({
  path: HTTPPathMatch.optional(),
  headers: z.array(HTTPHeaderMatch).optional(),
  queryParams: z.array(HTTPHeaderMatch).optional(),
  method: z
    .enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'])
    .optional(),
});

const HeaderList = z.array(z.looseObject({ name: z.string(), value: z.string() }));
export const HTTPHeaderFilter = z.looseObject({
  set: HeaderList.optional(),
  add: HeaderList.optional(),
  remove: z.array(z.string()).optional(),
});
const PathModifier = z.looseObject({
  type: z.enum(['ReplaceFullPath', 'ReplacePrefixMatch']),
  replaceFullPath: z.string().optional(),
  replacePrefixMatch: z.string().optional(),
});

export const HTTPRouteFilter = z.looseObject({
  type: z.string(),
  requestHeaderModifier: HTTPHeaderFilter.optional(),
  responseHeaderModifier: HTTPHeaderFilter.optional(),
  requestMirror: z
    .looseObject({
      backendRef: BackendRef,
      percent: int().optional(),
      fraction: z.looseObject({ numerator: int(), denominator: int().optional() }).optional(),
    })
    .optional(),
  requestRedirect: z
    .looseObject({
      scheme: z.enum(['http', 'https']).optional(),
      hostname: z.string().optional(),
      path: PathModifier.optional(),
      port: int().optional(),
      statusCode: int().optional(),
    })
    .optional(),
  urlRewrite: z
    .looseObject({ hostname: z.string().optional(), path: PathModifier.optional() })
    .optional(),
  extensionRef: z.looseObject({ group: z.string(), kind: z.string(), name: z.string() }).optional(),
});

export const HTTPBackendRef = BackendRef.extend({ filters: z.array(HTTPRouteFilter).optional() });

export const HTTPRouteRule = z.looseObject({
  name: z.string().optional(),
  matches: z.array(HTTPRouteMatch).optional(),
  filters: z.array(HTTPRouteFilter).optional(),
  backendRefs: z.array(HTTPBackendRef).optional(),
  timeouts: z
    .looseObject({ request: z.string().optional(), backendRequest: z.string().optional() })
    .optional(),
});

export const HTTPRoute = resource(`${GW}/v1`, 'HTTPRoute', {
  spec: z.looseObject({
    parentRefs: z.array(ParentReference).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z.array(HTTPRouteRule).optional(),
  }),
  status: RouteStatus.optional(),
});

// ---- GRPCRoute
export const GRPCRouteMatch = z.looseObject({
  method: z
    .looseObject({
      type: z.enum(['Exact', 'RegularExpression']).optional(),
      service: z.string().optional(),
      method: z.string().optional(),
    })
    .optional(),
  headers: z.array(HTTPHeaderMatch).optional(),
});
export const GRPCRoute = resource(`${GW}/v1`, 'GRPCRoute', {
  spec: z.looseObject({
    parentRefs: z.array(ParentReference).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          matches: z.array(GRPCRouteMatch).optional(),
          filters: z.array(HTTPRouteFilter).optional(),
          backendRefs: z.array(HTTPBackendRef).optional(),
        }),
      )
      .optional(),
  }),
  status: RouteStatus.optional(),
});

// ---- TCPRoute (v1alpha2)
export const TCPRoute = resource(`${GW}/v1alpha2`, 'TCPRoute', {
  spec: z.looseObject({
    parentRefs: z.array(ParentReference).optional(),
    rules: z.array(
      z.looseObject({ name: z.string().optional(), backendRefs: z.array(BackendRef) }),
    ),
  }),
  status: RouteStatus.optional(),
});

// ---- TLSRoute (v1alpha2): SNI hostnames, raw TCP to backendRefs (passthrough)
export const TLSRoute = resource(`${GW}/v1alpha2`, 'TLSRoute', {
  spec: z.looseObject({
    parentRefs: z.array(ParentReference).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z.array(
      z.looseObject({ name: z.string().optional(), backendRefs: z.array(BackendRef) }),
    ),
  }),
  status: RouteStatus.optional(),
});

// ---- ReferenceGrant (v1beta1)
export const ReferenceGrant = resource(`${GW}/v1beta1`, 'ReferenceGrant', {
  spec: z.looseObject({
    from: z.array(z.looseObject({ group: z.string(), kind: z.string(), namespace: z.string() })),
    to: z.array(
      z.looseObject({ group: z.string(), kind: z.string(), name: z.string().optional() }),
    ),
  }),
});

export type ParentReference = z.infer<typeof ParentReference>;
export type BackendRef = z.infer<typeof BackendRef>;
export type GatewayClass = z.infer<typeof GatewayClass>;
export type Gateway = z.infer<typeof Gateway>;
export type Listener = z.infer<typeof Listener>;
export type HTTPRoute = z.infer<typeof HTTPRoute>;
export type HTTPRouteRule = z.infer<typeof HTTPRouteRule>;
export type HTTPRouteMatch = z.infer<typeof HTTPRouteMatch>;
export type HTTPRouteFilter = z.infer<typeof HTTPRouteFilter>;
export type HTTPHeaderMatch = z.infer<typeof HTTPHeaderMatch>;
export type HTTPHeaderFilter = z.infer<typeof HTTPHeaderFilter>;
export type GRPCRouteMatch = z.infer<typeof GRPCRouteMatch>;
export type HTTPBackendRef = z.infer<typeof HTTPBackendRef>;
export type GRPCRoute = z.infer<typeof GRPCRoute>;
export type TCPRoute = z.infer<typeof TCPRoute>;
export type TLSRoute = z.infer<typeof TLSRoute>;
export type ReferenceGrant = z.infer<typeof ReferenceGrant>;

/**
 * gateway.networking.k8s.io kinds as Gateway API v1.6 serves them: everything at v1 (older versions
 * the CRDs still serve are listed in lib/k8s/kinds.ts `servedVersions`; their shape is the same).
 */
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
  status: z
    .looseObject({
      conditions: z.array(Condition).optional(),
      /** GEP-2162: what the class's controller implements (lib/routing/features.ts for ours). */
      supportedFeatures: z.array(z.looseObject({ name: z.string() })).optional(),
    })
    .optional(),
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
    /** GEP-1713: which namespaces' ListenerSets may attach (default: none). */
    allowedListeners: z
      .looseObject({
        namespaces: z
          .looseObject({
            from: z.enum(['All', 'Same', 'Selector', 'None']).optional(),
            selector: LabelSelector.optional(),
          })
          .optional(),
      })
      .optional(),
  }),
  status: z
    .looseObject({
      /** GEP-1713: the number of ListenerSets attached (Accepted). */
      attachedListenerSets: int().optional(),
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
  cors: z
    .looseObject({
      allowOrigins: z.array(z.string()).optional(),
      allowCredentials: z.boolean().optional(),
      allowMethods: z.array(z.string()).optional(),
      allowHeaders: z.array(z.string()).optional(),
      exposeHeaders: z.array(z.string()).optional(),
      maxAge: int().optional(),
    })
    .optional(),
});

/** rule.sessionPersistence (HTTPRoute and GRPCRoute). */
export const SessionPersistence = z.looseObject({
  sessionName: z.string().optional(),
  absoluteTimeout: z.string().optional(),
  type: z.enum(['Cookie', 'Header']).optional(),
  cookieConfig: z.looseObject({ lifetimeType: z.enum(['Permanent', 'Session']).optional() }).optional(),
});

/** rule.retry (HTTPRoute). */
export const HTTPRouteRetry = z.looseObject({
  codes: z.array(int()).optional(),
  attempts: int().optional(),
  backoff: z.string().optional(),
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
  retry: HTTPRouteRetry.optional(),
  sessionPersistence: SessionPersistence.optional(),
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
          sessionPersistence: SessionPersistence.optional(),
        }),
      )
      .optional(),
  }),
  status: RouteStatus.optional(),
});

const L4Rule = z.looseObject({ name: z.string().optional(), backendRefs: z.array(BackendRef) });

// ---- TCPRoute (v1; v1alpha2 still served by the experimental channel)
export const TCPRoute = resource(`${GW}/v1`, 'TCPRoute', {
  spec: z.looseObject({ parentRefs: z.array(ParentReference).optional(), rules: z.array(L4Rule) }),
  status: RouteStatus.optional(),
});

// ---- UDPRoute (v1): datagrams to backendRefs
export const UDPRoute = resource(`${GW}/v1`, 'UDPRoute', {
  spec: z.looseObject({ parentRefs: z.array(ParentReference).optional(), rules: z.array(L4Rule) }),
  status: RouteStatus.optional(),
});

// ---- TLSRoute (v1): SNI hostnames, raw TCP to backendRefs (passthrough)
export const TLSRoute = resource(`${GW}/v1`, 'TLSRoute', {
  spec: z.looseObject({
    parentRefs: z.array(ParentReference).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z.array(L4Rule),
  }),
  status: RouteStatus.optional(),
});

// ---- ReferenceGrant (v1; v1beta1 still served)
export const ReferenceGrant = resource(`${GW}/v1`, 'ReferenceGrant', {
  spec: z.looseObject({
    from: z.array(z.looseObject({ group: z.string(), kind: z.string(), namespace: z.string() })),
    to: z.array(
      z.looseObject({ group: z.string(), kind: z.string(), name: z.string().optional() }),
    ),
  }),
});

// ---- ListenerSet (v1, GEP-1713): listeners a namespace attaches to a shared Gateway
const ListenerSetStatusListener = z.looseObject({
  name: z.string(),
  port: int().optional(),
  supportedKinds: z.array(z.looseObject({ group: z.string().optional(), kind: z.string() })).optional(),
  attachedRoutes: int(),
  conditions: z.array(Condition).optional(),
});
export const ListenerSet = resource(`${GW}/v1`, 'ListenerSet', {
  spec: z.looseObject({
    parentRef: z.looseObject({
      group: z.string().optional(),
      kind: z.string().optional(),
      name: z.string(),
      namespace: z.string().optional(),
    }),
    listeners: z.array(Listener),
  }),
  status: z
    .looseObject({
      conditions: z.array(Condition).optional(),
      listeners: z.array(ListenerSetStatusListener).optional(),
    })
    .optional(),
});

// ---- BackendTLSPolicy (v1): how the gateway verifies a backend's TLS certificate
const PolicyTargetRef = z.looseObject({
  group: z.string(),
  kind: z.string(),
  name: z.string(),
  sectionName: z.string().optional(),
});
export const BackendTLSPolicy = resource(`${GW}/v1`, 'BackendTLSPolicy', {
  spec: z.looseObject({
    targetRefs: z.array(PolicyTargetRef),
    validation: z.looseObject({
      caCertificateRefs: z
        .array(z.looseObject({ group: z.string(), kind: z.string(), name: z.string() }))
        .optional(),
      wellKnownCACertificates: z.string().optional(),
      hostname: z.string(),
      subjectAltNames: z
        .array(
          z.looseObject({
            type: z.enum(['Hostname', 'URI']),
            hostname: z.string().optional(),
            uri: z.string().optional(),
          }),
        )
        .optional(),
    }),
    options: z.record(z.string(), z.string()).optional(),
  }),
  status: z
    .looseObject({
      ancestors: z
        .array(
          z.looseObject({
            ancestorRef: ParentReference,
            controllerName: z.string(),
            conditions: z.array(Condition).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
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
export type UDPRoute = z.infer<typeof UDPRoute>;
export type ListenerSet = z.infer<typeof ListenerSet>;
export type BackendTLSPolicy = z.infer<typeof BackendTLSPolicy>;
export type SessionPersistence = z.infer<typeof SessionPersistence>;
export type HTTPRouteRetry = z.infer<typeof HTTPRouteRetry>;
export type TLSRoute = z.infer<typeof TLSRoute>;
export type ReferenceGrant = z.infer<typeof ReferenceGrant>;

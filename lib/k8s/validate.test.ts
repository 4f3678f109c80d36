import { describe, expect, it } from 'vitest';
import { validateObject } from './validate';
import { applyDefaults } from './defaults';
import type { FieldCause } from './causes';

const meta = (name: string, extra: object = {}) => ({ name, namespace: 'demo', ...extra });
const svc = (spec: object, name = 'web') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta(name),
  spec,
});
const container = (extra: object = {}) => ({ name: 'app', image: 'portico/echo:1', ...extra });
const deploy = (spec: object = {}, name = 'web') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name),
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container()] } },
    ...spec,
  },
});
const ing = (spec: object) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta('web'),
  spec,
});
const backend = { service: { name: 'web', port: { number: 80 } } };
const ingPath = (p: object) =>
  ing({
    rules: [
      { host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend, ...p }] } },
    ],
  });
const secret = (extra: object) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: meta('s'),
  ...extra,
});
const gw = (listeners: object[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: meta('gw'),
  spec: { gatewayClassName: 'portico', listeners },
});
const route = (rules: object[], extra: object = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: meta('r'),
  spec: { parentRefs: [{ name: 'gw' }], rules, ...extra },
});
const slice = (extra: object) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: meta('web-abc'),
  addressType: 'IPv4',
  ...extra,
});

const VALID: Array<[string, unknown]> = [
  ['namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } }],
  ['service', svc({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] })],
  [
    'service with two named ports',
    svc({
      ports: [
        { name: 'http', port: 80 },
        { name: 'https', port: 443, targetPort: 8443 },
      ],
    }),
  ],
  ['headless service without ports', svc({ clusterIP: 'None' })],
  ['ExternalName service', svc({ type: 'ExternalName', externalName: 'example.com' })],
  [
    'service with nulls from kubectl',
    {
      ...svc({ ports: [{ port: 80 }] }),
      metadata: { name: 'web', creationTimestamp: null },
      status: null,
    },
  ],
  ['deployment', deploy()],
  [
    'deployment with matchExpressions',
    deploy({ selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }),
  ],
  [
    'pod',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('p'),
      spec: { containers: [container({ ports: [{ containerPort: 8080, name: 'http' }] })] },
    },
  ],
  [
    'tls secret',
    secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==', 'tls.key': 'Yg==' } }),
  ],
  ['opaque secret', secret({ data: { password: 'cGFzcw==' } })],
  [
    'configmap',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c'), data: { 'app.yaml': 'x: 1' } },
  ],
  ['ingress', ingPath({})],
  [
    'ingress with wildcard host and TLS',
    ing({
      tls: [{ hosts: ['*.example.com'], secretName: 'tls' }],
      rules: [
        { host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } },
      ],
    }),
  ],
  [
    'ingress default backend only',
    ing({ defaultBackend: { service: { name: 'web', port: { name: 'http' } } } }),
  ],
  [
    'ingress ImplementationSpecific without path',
    ingPath({ path: undefined, pathType: 'ImplementationSpecific' }),
  ],
  [
    'ingressclass',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'portico' },
      spec: { controller: 'portico.dev/ingress-controller' },
    },
  ],
  [
    'endpointslice',
    slice({
      endpoints: [{ addresses: ['127.0.1.2'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    }),
  ],
  [
    'gateway',
    gw([
      { name: 'http', port: 80, protocol: 'HTTP' },
      {
        name: 'https',
        port: 443,
        protocol: 'HTTPS',
        hostname: '*.example.com',
        tls: { certificateRefs: [{ name: 'tls' }] },
      },
    ]),
  ],
  [
    'httproute',
    route(
      [
        {
          matches: [
            {
              path: { type: 'PathPrefix', value: '/api' },
              headers: [{ name: 'X-Env', value: 'dev' }],
            },
          ],
          backendRefs: [{ name: 'web', port: 80, weight: 5 }],
        },
      ],
      { hostnames: ['example.com'] },
    ),
  ],
  [
    'httproute regex',
    route([
      {
        matches: [{ path: { type: 'RegularExpression', value: '^/v[0-9]+' } }],
        backendRefs: [{ name: 'web', port: 80 }],
      },
    ]),
  ],
  [
    'httproute redirect',
    route([
      {
        filters: [
          { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } },
        ],
      },
    ]),
  ],
  [
    'tcproute',
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: meta('t'),
      spec: { rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
    },
  ],
  [
    'tlsroute',
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: meta('t'),
      spec: { hostnames: ['*.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
    },
  ],
  [
    'clusterrole with colon',
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:controller:x' },
      rules: [],
    },
  ],
  [
    'generateName only',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } },
  ],
  [
    'unknown kind',
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'Not_Valid' } },
  ],
];

describe('validateObject accepts valid objects', () => {
  it.each(VALID)('%s', (_, obj) => expect(validateObject(obj)).toEqual([]));
  it.each(VALID)('%s after defaulting', (_, obj) =>
    expect(validateObject(applyDefaults(obj))).toEqual([]),
  );
});

type Expect = { field: string; reason: string; message?: RegExp };
const INVALID: Array<[string, unknown, Expect]> = [
  [
    'bad namespace name',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Bad_Name' } },
    {
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      message: /^Invalid value: "Bad_Name": a lowercase RFC 1123 label/,
    },
  ],
  [
    'namespace name with dot',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
    { field: 'metadata.name', reason: 'FieldValueInvalid', message: /must not contain dots/ },
  ],
  [
    'service name starting with digit',
    svc({ ports: [{ port: 80 }] }, '1web'),
    { field: 'metadata.name', reason: 'FieldValueInvalid', message: /DNS-1035 label/ },
  ],
  [
    'missing name',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    {
      field: 'metadata.name',
      reason: 'FieldValueRequired',
      message: /name or generateName is required/,
    },
  ],
  [
    'bad label key',
    { ...svc({ ports: [{ port: 80 }] }), metadata: meta('web', { labels: { 'bad key': 'x' } }) },
    { field: 'metadata.labels', reason: 'FieldValueInvalid', message: /"bad key"/ },
  ],
  [
    'bad label value',
    { ...svc({ ports: [{ port: 80 }] }), metadata: meta('web', { labels: { app: '-x' } }) },
    {
      field: 'metadata.labels',
      reason: 'FieldValueInvalid',
      message: /a valid label must be an empty string/,
    },
  ],
  [
    'annotations too large',
    {
      ...svc({ ports: [{ port: 80 }] }),
      metadata: meta('web', { annotations: { a: 'x'.repeat(300 * 1024) } }),
    },
    { field: 'metadata.annotations', reason: 'FieldValueTooLong' },
  ],
  [
    'service port out of range',
    svc({ ports: [{ port: 70000 }] }),
    {
      field: 'spec.ports[0].port',
      reason: 'FieldValueInvalid',
      message: /^Invalid value: 70000: must be between 1 and 65535, inclusive$/,
    },
  ],
  [
    'service port zero',
    svc({ ports: [{ port: 0 }] }),
    { field: 'spec.ports[0].port', reason: 'FieldValueInvalid' },
  ],
  [
    'service port string',
    svc({ ports: [{ port: 'abc' }] }),
    { field: 'spec.ports[0].port', reason: 'FieldValueTypeInvalid', message: /"abc"/ },
  ],
  [
    'service unnamed second port',
    svc({ ports: [{ name: 'a', port: 80 }, { port: 81 }] }),
    { field: 'spec.ports[1].name', reason: 'FieldValueRequired' },
  ],
  [
    'service duplicate port names',
    svc({
      ports: [
        { name: 'a', port: 80 },
        { name: 'a', port: 81 },
      ],
    }),
    { field: 'spec.ports[1].name', reason: 'FieldValueDuplicate' },
  ],
  [
    'service bad type',
    svc({ type: 'Internal', ports: [{ port: 80 }] }),
    {
      field: 'spec.type',
      reason: 'FieldValueNotSupported',
      message: /supported values: "ClusterIP"/,
    },
  ],
  [
    'service bad protocol',
    svc({ ports: [{ port: 80, protocol: 'HTTP' }] }),
    { field: 'spec.ports[0].protocol', reason: 'FieldValueNotSupported' },
  ],
  [
    'service bad targetPort name',
    svc({ ports: [{ port: 80, targetPort: 'Bad_Port' }] }),
    { field: 'spec.ports[0].targetPort', reason: 'FieldValueInvalid' },
  ],
  [
    'service without ports',
    svc({ selector: { app: 'x' } }),
    { field: 'spec.ports', reason: 'FieldValueRequired' },
  ],
  [
    'service bad selector',
    svc({ ports: [{ port: 80 }], selector: { app: 'a b' } }),
    { field: 'spec.selector', reason: 'FieldValueInvalid' },
  ],
  [
    'service nodePort on ClusterIP',
    svc({ ports: [{ port: 80, nodePort: 30080 }] }),
    { field: 'spec.ports[0].nodePort', reason: 'FieldValueForbidden' },
  ],
  [
    'ExternalName without name',
    svc({ type: 'ExternalName' }),
    { field: 'spec.externalName', reason: 'FieldValueRequired' },
  ],
  [
    'deployment without selector',
    deploy({ selector: undefined }),
    { field: 'spec.selector', reason: 'FieldValueRequired' },
  ],
  [
    'deployment empty selector',
    deploy({ selector: {} }),
    {
      field: 'spec.selector',
      reason: 'FieldValueInvalid',
      message: /empty selector is invalid for deployment/,
    },
  ],
  [
    'deployment selector mismatch',
    deploy({ selector: { matchLabels: { app: 'other' } } }),
    {
      field: 'spec.template.metadata.labels',
      reason: 'FieldValueInvalid',
      message: /`selector` does not match template `labels`/,
    },
  ],
  [
    'deployment negative replicas',
    deploy({ replicas: -1 }),
    {
      field: 'spec.replicas',
      reason: 'FieldValueInvalid',
      message: /must be greater than or equal to 0/,
    },
  ],
  [
    'deployment replicas string',
    deploy({ replicas: 'two' }),
    { field: 'spec.replicas', reason: 'FieldValueTypeInvalid' },
  ],
  [
    'deployment container without image',
    deploy({
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } },
    }),
    { field: 'spec.template.spec.containers[0].image', reason: 'FieldValueRequired' },
  ],
  [
    'deployment container without name',
    deploy({
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: '', image: 'x' }] },
      },
    }),
    { field: 'spec.template.spec.containers[0].name', reason: 'FieldValueRequired' },
  ],
  [
    'deployment duplicate containers',
    deploy({
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [container(), container()] },
      },
    }),
    { field: 'spec.template.spec.containers[1].name', reason: 'FieldValueDuplicate' },
  ],
  [
    'deployment no containers',
    deploy({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } }),
    { field: 'spec.template.spec.containers', reason: 'FieldValueRequired' },
  ],
  [
    'deployment bad containerPort',
    deploy({
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [container({ ports: [{ containerPort: 0 }] })] },
      },
    }),
    {
      field: 'spec.template.spec.containers[0].ports[0].containerPort',
      reason: 'FieldValueInvalid',
    },
  ],
  [
    'deployment restartPolicy Never',
    deploy({
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { restartPolicy: 'Never', containers: [container()] },
      },
    }),
    { field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported' },
  ],
  [
    'deployment bad matchExpressions',
    deploy({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }),
    { field: 'spec.selector.matchExpressions[0].values', reason: 'FieldValueRequired' },
  ],
  [
    'tls secret without key',
    secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }),
    { field: 'data[tls.key]', reason: 'FieldValueRequired' },
  ],
  [
    'secret bad key',
    secret({ data: { 'a/b': 'YQ==' } }),
    { field: 'data', reason: 'FieldValueInvalid', message: /a valid config key/ },
  ],
  [
    'secret bad base64',
    secret({ data: { a: '###' } }),
    { field: 'data[a]', reason: 'FieldValueInvalid' },
  ],
  [
    'ingress without pathType',
    ingPath({ pathType: undefined }),
    {
      field: 'spec.rules[0].http.paths[0].pathType',
      reason: 'FieldValueRequired',
      message: /pathType must be specified/,
    },
  ],
  [
    'ingress bad pathType',
    ingPath({ pathType: 'Regex' }),
    { field: 'spec.rules[0].http.paths[0].pathType', reason: 'FieldValueNotSupported' },
  ],
  [
    'ingress relative path',
    ingPath({ path: 'api' }),
    {
      field: 'spec.rules[0].http.paths[0].path',
      reason: 'FieldValueInvalid',
      message: /must be an absolute path/,
    },
  ],
  [
    'ingress host with port',
    ing({ rules: [{ host: 'example.com:80' }] }),
    { field: 'spec.rules[0].host', reason: 'FieldValueInvalid' },
  ],
  [
    'ingress IP host',
    ing({ rules: [{ host: '10.0.0.1' }] }),
    { field: 'spec.rules[0].host', reason: 'FieldValueInvalid', message: /not an IP address/ },
  ],
  [
    'ingress both backends',
    ingPath({ backend: { ...backend, resource: { kind: 'Bucket', name: 'b' } } }),
    {
      field: 'spec.rules[0].http.paths[0].backend',
      reason: 'FieldValueInvalid',
      message: /cannot set both resource and service backends/,
    },
  ],
  [
    'ingress backend without port',
    ingPath({ backend: { service: { name: 'web' } } }),
    { field: 'spec.rules[0].http.paths[0].backend', reason: 'FieldValueRequired' },
  ],
  [
    'ingress backend bad port',
    ingPath({ backend: { service: { name: 'web', port: { number: 99999 } } } }),
    {
      field: 'spec.rules[0].http.paths[0].backend.service.port.number',
      reason: 'FieldValueInvalid',
    },
  ],
  [
    'ingress no rules no default',
    ing({}),
    {
      field: 'spec',
      reason: 'FieldValueInvalid',
      message: /either `defaultBackend` or `rules` must be specified/,
    },
  ],
  [
    'ingress bad tls host',
    ing({ defaultBackend: backend, tls: [{ hosts: ['Bad_Host'] }] }),
    { field: 'spec.tls[0].hosts[0]', reason: 'FieldValueInvalid' },
  ],
  [
    'endpointslice bad address type',
    slice({ addressType: 'IPv5' }),
    { field: 'addressType', reason: 'FieldValueNotSupported' },
  ],
  [
    'endpointslice bad address',
    slice({ endpoints: [{ addresses: ['not-an-ip'] }] }),
    { field: 'endpoints[0].addresses[0]', reason: 'FieldValueInvalid' },
  ],
  [
    'endpointslice empty addresses',
    slice({ endpoints: [{ addresses: [] }] }),
    { field: 'endpoints[0].addresses', reason: 'FieldValueRequired' },
  ],
  [
    'gateway duplicate listeners',
    gw([
      { name: 'a', port: 80, protocol: 'HTTP' },
      { name: 'a', port: 81, protocol: 'HTTP' },
    ]),
    {
      field: 'spec.listeners',
      reason: 'FieldValueInvalid',
      message: /Listener name must be unique/,
    },
  ],
  [
    'gateway listener bad port',
    gw([{ name: 'a', port: 0, protocol: 'HTTP' }]),
    { field: 'spec.listeners[0].port', reason: 'FieldValueInvalid' },
  ],
  [
    'gateway https without tls',
    gw([{ name: 'a', port: 443, protocol: 'HTTPS' }]),
    { field: 'spec.listeners', reason: 'FieldValueInvalid', message: /tls must be specified/ },
  ],
  ['gateway no listeners', gw([]), { field: 'spec.listeners', reason: 'FieldValueRequired' }],
  [
    'httproute relative path',
    route([{ matches: [{ path: { type: 'PathPrefix', value: 'api' } }] }]),
    {
      field: 'spec.rules[0].matches[0].path.value',
      reason: 'FieldValueInvalid',
      message: /must be an absolute path/,
    },
  ],
  [
    'httproute bad regex',
    route([{ matches: [{ path: { type: 'RegularExpression', value: '(' } }] }]),
    {
      field: 'spec.rules[0].matches[0].path.value',
      reason: 'FieldValueInvalid',
      message: /regular expression/,
    },
  ],
  [
    'httproute bad path type',
    route([{ matches: [{ path: { type: 'Prefix', value: '/' } }] }]),
    { field: 'spec.rules[0].matches[0].path.type', reason: 'FieldValueNotSupported' },
  ],
  [
    'httproute backend without port',
    route([{ backendRefs: [{ name: 'web' }] }]),
    {
      field: 'spec.rules[0].backendRefs[0]',
      reason: 'FieldValueInvalid',
      message: /Must have port for Service reference/,
    },
  ],
  [
    'httproute weight too large',
    route([{ backendRefs: [{ name: 'web', port: 80, weight: 2000000 }] }]),
    { field: 'spec.rules[0].backendRefs[0].weight', reason: 'FieldValueInvalid' },
  ],
  [
    'httproute IP hostname',
    route([], { hostnames: ['10.1.1.1'] }),
    { field: 'spec.hostnames[0]', reason: 'FieldValueInvalid' },
  ],
  [
    'httproute bad header name',
    route([{ matches: [{ headers: [{ name: 'bad header', value: 'x' }] }] }]),
    { field: 'spec.rules[0].matches[0].headers[0].name', reason: 'FieldValueInvalid' },
  ],
  [
    'httproute filter missing config',
    route([{ filters: [{ type: 'RequestHeaderModifier' }] }]),
    {
      field: 'spec.rules[0].filters[0]',
      reason: 'FieldValueInvalid',
      message: /must be specified for RequestHeaderModifier/,
    },
  ],
  [
    'tlsroute IP hostname and backend without port',
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: meta('t'),
      spec: { hostnames: ['10.1.1.1'], rules: [{ backendRefs: [{ name: 'db' }] }] },
    },
    { field: 'spec.hostnames[0]', reason: 'FieldValueInvalid' },
  ],
  [
    'gatewayclass bad controller',
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'x' },
      spec: { controllerName: 'nope' },
    },
    { field: 'spec.controllerName', reason: 'FieldValueInvalid' },
  ],
  [
    'role with slash',
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('a/b'), rules: [] },
    { field: 'metadata.name', reason: 'FieldValueInvalid' },
  ],
  [
    'labels not an object',
    { ...svc({ ports: [{ port: 80 }] }), metadata: meta('web', { labels: ['a'] }) },
    { field: 'metadata.labels', reason: 'FieldValueTypeInvalid' },
  ],
];

describe('validateObject rejects invalid objects', () => {
  it.each(INVALID)('%s', (_, obj, want) => {
    const causes = validateObject(obj);
    const hit = causes.find((c: FieldCause) => c.field === want.field && c.reason === want.reason);
    expect(hit, JSON.stringify(causes, null, 1)).toBeDefined();
    if (want.message) expect(hit!.message).toMatch(want.message);
  });
});

describe('immutable fields on update', () => {
  it('Service clusterIP', () => {
    const old = svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    expect(validateObject(svc({ clusterIP: '10.96.0.10', ports: [{ port: 81 }] }), old)).toEqual(
      [],
    );
    expect(
      validateObject(svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] }), old)[0],
    ).toMatchObject({
      field: 'spec.clusterIPs[0]',
      message: expect.stringMatching(/may not change once set/),
    });
  });
  it('Deployment selector', () => {
    const old = deploy();
    const changed = deploy({
      selector: { matchLabels: { app: 'web', tier: 'x' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'x' } },
        spec: { containers: [container()] },
      },
    });
    expect(validateObject(deploy({ replicas: 5 }), old)).toEqual([]);
    expect(validateObject(changed, old)).toMatchObject([
      { field: 'spec.selector', message: expect.stringMatching(/field is immutable/) },
    ]);
  });
  it('immutable Secret and ConfigMap', () => {
    const old = secret({ immutable: true, data: { a: 'YQ==' } });
    expect(validateObject(secret({ immutable: true, data: { a: 'YQ==' } }), old)).toEqual([]);
    expect(validateObject(secret({ immutable: true, data: { a: 'Yg==' } }), old)).toMatchObject([
      { field: 'data', reason: 'FieldValueForbidden' },
    ]);
    const cm = (data: object, immutable?: boolean) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('c'),
      data,
      immutable,
    });
    expect(validateObject(cm({ a: '2' }, true), cm({ a: '1' }, true))).toMatchObject([
      { field: 'data' },
    ]);
    expect(validateObject(cm({ a: '2' }), cm({ a: '1' }, true))[0].field).toBe('immutable');
    expect(validateObject(cm({ a: '2' }), cm({ a: '1' }))).toEqual([]);
  });
  it('Pod spec except images', () => {
    const pod = (image: string, port = 8080) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('p'),
      spec: { containers: [container({ image, ports: [{ containerPort: port }] })] },
    });
    expect(validateObject(pod('b'), pod('a'))).toEqual([]);
    expect(validateObject(pod('a', 9090), pod('a'))[0]).toMatchObject({
      field: 'spec',
      reason: 'FieldValueForbidden',
    });
  });
});

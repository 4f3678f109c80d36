/** Spec rules for core/v1 kinds (after k8s.io/kubernetes/pkg/apis/core/validation). */
import {
  type FieldCause,
  child,
  forbidden,
  index,
  invalid,
  key,
  required,
  tooLong,
} from '../causes';
import {
  isBase64,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidConfigKey,
  isValidIP,
  isValidIPv4,
} from './primitives';
import {
  asArr,
  asObj,
  asStr,
  byteLength,
  checkUnique,
  immutable,
  jsonEqual,
  validateEnum,
  validateIntOrStringPort,
  validateLabels,
  validatePort,
  validatePortName,
  validateProtocol,
} from './common';
import { validateServiceRules } from './service-rules';

type Obj = Record<string, unknown>;

// ---- Service
export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;

export function validateService(obj: Obj, old?: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const type = spec.type ?? 'ClusterIP';
  out.push(...validateEnum(spec.type, 'spec.type', SERVICE_TYPES));
  const ports = asArr(spec.ports).map(asObj);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') out.push(required('spec.ports'));
  ports.forEach((p, i) => {
    const path = index('spec.ports', i);
    const name = asStr(p.name);
    if (ports.length > 1 && !name) out.push(required(child(path, 'name')));
    else if (name)
      for (const msg of isDNS1123Label(name)) out.push(invalid(child(path, 'name'), name, msg));
    out.push(...validatePort(p.port, child(path, 'port')));
    out.push(...validateProtocol(p.protocol, child(path, 'protocol')));
    if (p.targetPort !== undefined && p.targetPort !== 0)
      out.push(...validateIntOrStringPort(p.targetPort, child(path, 'targetPort')));
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName')
        out.push(forbidden(child(path, 'nodePort'), `may not be used when \`type\` is '${type}'`));
      else out.push(...validatePort(p.nodePort, child(path, 'nodePort')));
    }
  });
  out.push(
    ...checkUnique(
      ports,
      (p) => p.name,
      (i) => child(index('spec.ports', i), 'name'),
    ),
  );
  out.push(
    ...checkUnique(
      ports,
      (p) => (p.port === undefined ? undefined : { port: p.port, protocol: p.protocol ?? 'TCP' }),
      (i) => index('spec.ports', i),
    ),
  );
  out.push(...validateLabels(spec.selector, 'spec.selector'));
  if (type === 'ExternalName') {
    const ext = asStr(spec.externalName);
    if (!ext) out.push(required('spec.externalName'));
    else
      for (const msg of isDNS1123Subdomain(ext.replace(/\.$/, '')))
        out.push(invalid('spec.externalName', ext, msg));
    if (spec.clusterIP && spec.clusterIP !== '')
      out.push(forbidden('spec.clusterIP', 'may not be set for ExternalName services'));
  }
  const clusterIP = asStr(spec.clusterIP);
  if (clusterIP && clusterIP !== 'None')
    for (const msg of isValidIP(clusterIP)) out.push(invalid('spec.clusterIP', clusterIP, msg));
  if (clusterIP && asArr(spec.clusterIPs).length && asArr(spec.clusterIPs)[0] !== clusterIP)
    out.push(invalid('spec.clusterIPs', spec.clusterIPs, 'element [0] must match clusterIP'));
  asArr(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string')
      for (const msg of isValidIP(ip)) out.push(invalid(index('spec.externalIPs', i), ip, msg));
  });
  out.push(...validateEnum(spec.sessionAffinity, 'spec.sessionAffinity', ['ClientIP', 'None']));
  out.push(...validateServiceRules(spec));
  if (old) {
    const oldSpec = asObj(old.spec);
    const oldIP = asStr(oldSpec.clusterIP);
    const oldType = oldSpec.type ?? 'ClusterIP';
    // Changing to or from ExternalName releases/allocates the IP; otherwise it is immutable.
    if (oldIP && oldType !== 'ExternalName' && type !== 'ExternalName' && clusterIP !== oldIP)
      out.push(invalid('spec.clusterIPs[0]', clusterIP ?? '', 'may not change once set'));
  }
  return out;
}

// ---- Pod and containers
const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

export function validateContainers(
  containers: unknown,
  path: string,
  requireOne = true,
): FieldCause[] {
  const list = asArr(containers).map(asObj);
  const out: FieldCause[] = [];
  if (requireOne && list.length === 0) out.push(required(path));
  list.forEach((c, i) => {
    const p = index(path, i);
    const name = asStr(c.name);
    if (!name) out.push(required(child(p, 'name')));
    else for (const msg of isDNS1123Label(name)) out.push(invalid(child(p, 'name'), name, msg));
    if (!asStr(c.image)?.trim()) out.push(required(child(p, 'image')));
    out.push(...validateEnum(c.imagePullPolicy, child(p, 'imagePullPolicy'), PULL_POLICIES));
    const ports = asArr(c.ports).map(asObj);
    ports.forEach((port, j) => {
      const pp = index(child(p, 'ports'), j);
      if (typeof port.name === 'string' && port.name)
        out.push(...validatePortName(port.name, child(pp, 'name')));
      out.push(...validatePort(port.containerPort, child(pp, 'containerPort')));
      if (port.hostPort !== undefined && port.hostPort !== 0)
        out.push(...validatePort(port.hostPort, child(pp, 'hostPort')));
      out.push(...validateProtocol(port.protocol, child(pp, 'protocol')));
    });
    out.push(
      ...checkUnique(
        ports,
        (x) => x.name,
        (j) => child(index(child(p, 'ports'), j), 'name'),
      ),
    );
    asArr(c.env).forEach((e, j) => {
      const env = asObj(e);
      const ep = child(index(child(p, 'env'), j), 'name');
      if (!asStr(env.name)) out.push(required(ep));
      else if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(env.name as string))
        out.push(
          invalid(
            ep,
            env.name,
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
          ),
        );
    });
  });
  out.push(
    ...checkUnique(
      list,
      (c) => c.name,
      (i) => child(index(path, i), 'name'),
    ),
  );
  return out;
}

export function validatePodSpec(spec: unknown, path: string): FieldCause[] {
  const s = asObj(spec);
  const out = validateContainers(s.containers, child(path, 'containers'));
  out.push(...validateContainers(s.initContainers, child(path, 'initContainers'), false));
  // Init and regular containers share one name space.
  const all = [...asArr(s.initContainers), ...asArr(s.containers)].map(asObj);
  const initCount = asArr(s.initContainers).length;
  if (initCount > 0)
    all.forEach((c, i) => {
      if (i < initCount) return;
      if (all.slice(0, initCount).some((x) => x.name === c.name && c.name))
        out.push(
          invalid(
            child(index(child(path, 'containers'), i - initCount), 'name'),
            c.name,
            'duplicate name',
          ),
        );
    });
  out.push(...validateEnum(s.restartPolicy, child(path, 'restartPolicy'), RESTART_POLICIES));
  out.push(
    ...validateEnum(s.dnsPolicy, child(path, 'dnsPolicy'), [
      'ClusterFirst',
      'ClusterFirstWithHostNet',
      'Default',
      'None',
    ]),
  );
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0)
    out.push(
      invalid(
        child(path, 'terminationGracePeriodSeconds'),
        s.terminationGracePeriodSeconds,
        'must be greater than or equal to 0',
      ),
    );
  out.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  const vols = asArr(s.volumes).map(asObj);
  vols.forEach((v, i) => {
    const vp = child(index(child(path, 'volumes'), i), 'name');
    if (!asStr(v.name)) out.push(required(vp));
    else for (const msg of isDNS1123Label(v.name as string)) out.push(invalid(vp, v.name, msg));
  });
  out.push(
    ...checkUnique(
      vols,
      (v) => v.name,
      (i) => child(index(child(path, 'volumes'), i), 'name'),
    ),
  );
  return out;
}

/** Pod spec updates may only change images (and a few scheduling fields we do not model). */
function stripMutablePodFields(spec: unknown): unknown {
  const s = { ...asObj(spec) };
  const strip = (list: unknown) => asArr(list).map((c) => ({ ...asObj(c), image: undefined }));
  s.containers = strip(s.containers);
  s.initContainers = strip(s.initContainers);
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  if (!s.nodeName) delete s.nodeName;
  return s;
}

export function validatePod(obj: Obj, old?: Obj): FieldCause[] {
  const out = validatePodSpec(obj.spec, 'spec');
  if (old) {
    const oldSpec = asObj(old.spec);
    const newSpec = asObj(obj.spec);
    const nodeChanged = oldSpec.nodeName && newSpec.nodeName !== oldSpec.nodeName;
    if (
      nodeChanged ||
      !jsonEqual(
        stripMutablePodFields({ ...newSpec, nodeName: undefined }),
        stripMutablePodFields({ ...oldSpec, nodeName: undefined }),
      )
    )
      out.push(
        forbidden(
          'spec',
          'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
        ),
      );
  }
  return out;
}

// ---- Namespace
export function validateNamespace(obj: Obj): FieldCause[] {
  const out: FieldCause[] = [];
  asArr(asObj(obj.spec).finalizers).forEach((f, i) => {
    if (typeof f === 'string' && f !== 'kubernetes' && !f.includes('/'))
      out.push(
        invalid(
          index('spec.finalizers', i),
          f,
          'name is neither a standard finalizer name nor is it fully qualified',
        ),
      );
  });
  return out;
}

// ---- Secret and ConfigMap
const DATA_MAX = 1024 * 1024;

function validateDataKeys(
  data: unknown,
  field: string,
  base64: boolean,
): { causes: FieldCause[]; size: number } {
  const causes: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(asObj(data))) {
    for (const msg of isValidConfigKey(k)) causes.push(invalid(field, k, msg));
    if (typeof v === 'string') {
      if (base64 && !isBase64(v))
        causes.push(invalid(key(field, k), '<secret contents redacted>', 'illegal base64 data'));
      size += base64 ? Math.floor((v.length * 3) / 4) : byteLength(v);
    }
  }
  return { causes, size };
}

export const SECRET_TYPE_TLS = 'kubernetes.io/tls';

export function validateSecret(obj: Obj, old?: Obj): FieldCause[] {
  const { causes: out, size } = validateDataKeys(obj.data, 'data', true);
  const data = asObj(obj.data);
  if (size > DATA_MAX) out.push(tooLong('data', DATA_MAX));
  const type = obj.type ?? 'Opaque';
  switch (type) {
    case SECRET_TYPE_TLS:
      for (const k of ['tls.crt', 'tls.key'])
        if (data[k] === undefined) out.push(required(key('data', k)));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (data['.dockerconfigjson'] === undefined)
        out.push(required(key('data', '.dockerconfigjson')));
      break;
    case 'kubernetes.io/dockercfg':
      if (data['.dockercfg'] === undefined) out.push(required(key('data', '.dockercfg')));
      break;
    case 'kubernetes.io/basic-auth':
      if (data.username === undefined && data.password === undefined)
        out.push(required('data[username]', 'must have at least one of username or password'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (data['ssh-privatekey'] === undefined) out.push(required(key('data', 'ssh-privatekey')));
      break;
  }
  if (old) {
    if ((old.type ?? 'Opaque') !== type) out.push(immutable('type', type));
    out.push(...immutableData(obj, old, ['data']));
  }
  return out;
}

export function validateConfigMap(obj: Obj, old?: Obj): FieldCause[] {
  const a = validateDataKeys(obj.data, 'data', false);
  const b = validateDataKeys(obj.binaryData, 'binaryData', true);
  const out = [...a.causes, ...b.causes];
  for (const k of Object.keys(asObj(obj.binaryData)))
    if (k in asObj(obj.data))
      out.push(invalid('data', k, 'duplicate of key present in binaryData'));
  if (a.size + b.size > DATA_MAX) out.push(tooLong('', DATA_MAX));
  if (old) out.push(...immutableData(obj, old, ['data', 'binaryData']));
  return out;
}

function immutableData(obj: Obj, old: Obj, fields: string[]): FieldCause[] {
  if (old.immutable !== true) return [];
  const out: FieldCause[] = [];
  if (obj.immutable !== true)
    out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields)
    if (!jsonEqual(obj[f] ?? {}, old[f] ?? {}))
      out.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return out;
}

// ---- Endpoints
export function validateEndpoints(obj: Obj): FieldCause[] {
  const out: FieldCause[] = [];
  asArr(obj.subsets).forEach((s, i) => {
    const sp = index('subsets', i);
    const subset = asObj(s);
    for (const listName of ['addresses', 'notReadyAddresses'])
      asArr(subset[listName]).forEach((a, j) => {
        const ip = asStr(asObj(a).ip);
        const p = child(index(child(sp, listName), j), 'ip');
        if (!ip) out.push(required(p));
        else for (const msg of isValidIP(ip)) out.push(invalid(p, ip, msg));
      });
    const ports = asArr(subset.ports).map(asObj);
    ports.forEach((port, j) => {
      const pp = index(child(sp, 'ports'), j);
      if (ports.length > 1 && !port.name) out.push(required(child(pp, 'name')));
      else if (typeof port.name === 'string' && port.name)
        for (const msg of isDNS1123Label(port.name))
          out.push(invalid(child(pp, 'name'), port.name, msg));
      out.push(...validatePort(port.port, child(pp, 'port')));
      out.push(...validateProtocol(port.protocol, child(pp, 'protocol'), true));
    });
  });
  return out;
}

// ---- Event
export function validateEvent(obj: Obj): FieldCause[] {
  const out: FieldCause[] = [];
  const ref = asObj(obj.involvedObject);
  if (obj.type !== undefined) out.push(...validateEnum(obj.type, 'type', ['Normal', 'Warning']));
  if (
    ref.namespace &&
    obj.metadata &&
    asObj(obj.metadata).namespace &&
    ref.namespace !== asObj(obj.metadata).namespace
  )
    out.push(invalid('involvedObject.namespace', ref.namespace, 'does not match event.namespace'));
  return out;
}

// ---- Node
export function validateNode(obj: Obj): FieldCause[] {
  const out: FieldCause[] = [];
  asArr(asObj(obj.status).addresses).forEach((a, i) => {
    const addr = asObj(a);
    if (addr.type === 'InternalIP' || addr.type === 'ExternalIP') {
      const v = asStr(addr.address) ?? '';
      if (!isValidIPv4(v) && isValidIP(v).length)
        out.push(
          invalid(child(index('status.addresses', i), 'address'), v, 'must be a valid IP address'),
        );
    }
  });
  return out;
}

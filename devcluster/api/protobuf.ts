/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies for the kinds kubectl
 * (>= 1.32) sends that way from its generators (`kubectl create namespace|configmap|secret|
 * deployment|service ...`, `kubectl run`). The body is "k8s\0" + runtime.Unknown{typeMeta,
 * raw}; raw is the object's generated.proto message. Only the fields those generators (and
 * common manifests) set are mapped; unknown fields are skipped. Other kinds get 415.
 */
import { ApiError } from '../store/errors';

type Scalar = 'string' | 'int' | 'bool' | 'bytes' | 'intstr' | 'quantity' | 'skip';
interface Field {
  name: string;
  type: Scalar | Schema;
  repeated?: boolean;
  /** map<string, value>: entries are messages {1: key, 2: value}. */
  map?: Scalar | Schema;
  /** Keep zero values (pointer fields such as replicas). */
  keepZero?: boolean;
  /** An embedded struct whose fields are inlined in JSON (e.g. IngressRule.ingressRuleValue). */
  inline?: boolean;
}
type Schema = Record<number, Field>;

const f = (name: string, type: Scalar | Schema, extra: Partial<Field> = {}): Field => ({ name, type, ...extra });

const ObjectMeta: Schema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  11: f('labels', 'string', { map: 'string' }),
  12: f('annotations', 'string', { map: 'string' }),
  13: f('ownerReferences', { 1: f('kind', 'string'), 3: f('name', 'string'), 4: f('uid', 'string'), 5: f('apiVersion', 'string'), 6: f('controller', 'bool'), 7: f('blockOwnerDeletion', 'bool') }, { repeated: true }),
  14: f('finalizers', 'string', { repeated: true }),
};
const LabelSelector: Schema = {
  1: f('matchLabels', 'string', { map: 'string' }),
  2: f('matchExpressions', { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', { repeated: true }) }, { repeated: true }),
};
const Resources: Schema = { 1: f('limits', 'string', { map: 'quantity' }), 2: f('requests', 'string', { map: 'quantity' }) };
const Container: Schema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', { repeated: true }),
  4: f('args', 'string', { repeated: true }),
  5: f('workingDir', 'string'),
  6: f('ports', { 1: f('name', 'string'), 2: f('hostPort', 'int'), 3: f('containerPort', 'int'), 4: f('protocol', 'string'), 5: f('hostIP', 'string') }, { repeated: true }),
  7: f('env', { 1: f('name', 'string'), 2: f('value', 'string') }, { repeated: true }),
  8: f('resources', Resources),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
};
const PodSpec: Schema = {
  2: f('containers', Container, { repeated: true }),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int', { keepZero: true }),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', 'string', { map: 'string' }),
  8: f('serviceAccountName', 'string'),
  10: f('nodeName', 'string'),
  16: f('hostname', 'string'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', Container, { repeated: true }),
};
const PodTemplateSpec: Schema = { 1: f('metadata', ObjectMeta), 2: f('spec', PodSpec) };
const ServicePort: Schema = { 1: f('name', 'string'), 2: f('protocol', 'string'), 3: f('port', 'int'), 4: f('targetPort', 'intstr'), 5: f('nodePort', 'int'), 6: f('appProtocol', 'string') };
const ServiceSpec: Schema = {
  1: f('ports', ServicePort, { repeated: true }),
  2: f('selector', 'string', { map: 'string' }),
  3: f('clusterIP', 'string'),
  4: f('type', 'string'),
  5: f('externalIPs', 'string', { repeated: true }),
  7: f('sessionAffinity', 'string'),
  8: f('loadBalancerIP', 'string'),
  10: f('externalName', 'string'),
  11: f('externalTrafficPolicy', 'string'),
  13: f('publishNotReadyAddresses', 'bool'),
  17: f('ipFamilyPolicy', 'string'),
  18: f('clusterIPs', 'string', { repeated: true }),
  19: f('ipFamilies', 'string', { repeated: true }),
  22: f('internalTrafficPolicy', 'string'),
};
const DeploymentSpec: Schema = {
  1: f('replicas', 'int', { keepZero: true }),
  2: f('selector', LabelSelector),
  3: f('template', PodTemplateSpec),
  4: f('strategy', { 1: f('type', 'string'), 2: f('rollingUpdate', { 1: f('maxUnavailable', 'intstr'), 2: f('maxSurge', 'intstr') }) }),
  5: f('minReadySeconds', 'int'),
  6: f('revisionHistoryLimit', 'int', { keepZero: true }),
  7: f('paused', 'bool'),
  9: f('progressDeadlineSeconds', 'int', { keepZero: true }),
};

const PolicyRule: Schema = {
  1: f('verbs', 'string', { repeated: true }),
  2: f('apiGroups', 'string', { repeated: true }),
  3: f('resources', 'string', { repeated: true }),
  4: f('resourceNames', 'string', { repeated: true }),
  5: f('nonResourceURLs', 'string', { repeated: true }),
};
const Role: Schema = { 1: f('metadata', ObjectMeta), 2: f('rules', PolicyRule, { repeated: true }) };
const Binding: Schema = {
  1: f('metadata', ObjectMeta),
  2: f('subjects', { 1: f('kind', 'string'), 2: f('apiGroup', 'string'), 3: f('name', 'string'), 4: f('namespace', 'string') }, { repeated: true }),
  3: f('roleRef', { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') }),
};
const IngressBackend: Schema = {
  4: f('service', { 1: f('name', 'string'), 2: f('port', { 1: f('name', 'string'), 2: f('number', 'int') }) }),
  3: f('resource', { 1: f('apiGroup', 'string'), 2: f('kind', 'string'), 3: f('name', 'string') }),
};
const IngressSpec: Schema = {
  1: f('defaultBackend', IngressBackend),
  2: f('tls', { 1: f('hosts', 'string', { repeated: true }), 2: f('secretName', 'string') }, { repeated: true }),
  3: f('rules', {
    1: f('host', 'string'),
    2: f('ingressRuleValue', { 1: f('http', { 1: f('paths', { 1: f('path', 'string'), 2: f('backend', IngressBackend), 3: f('pathType', 'string') }, { repeated: true }) }) }, { inline: true }),
  }, { repeated: true }),
  4: f('ingressClassName', 'string'),
};

const ResourceAttributes: Schema = {
  1: f('namespace', 'string'), 2: f('verb', 'string'), 3: f('group', 'string'), 4: f('version', 'string'),
  5: f('resource', 'string'), 6: f('subresource', 'string'), 7: f('name', 'string'),
};

const KINDS: Record<string, Schema> = {
  'authorization.k8s.io/v1/SelfSubjectAccessReview': {
    1: f('metadata', ObjectMeta),
    2: f('spec', { 1: f('resourceAttributes', ResourceAttributes), 2: f('nonResourceAttributes', { 1: f('path', 'string'), 2: f('verb', 'string') }) }),
  },
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: f('metadata', ObjectMeta), 2: f('spec', { 1: f('namespace', 'string') }) },
  'authentication.k8s.io/v1/SelfSubjectReview': { 1: f('metadata', ObjectMeta) },
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/ClusterRole': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': Binding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': Binding,
  'networking.k8s.io/v1/Ingress': { 1: f('metadata', ObjectMeta), 2: f('spec', IngressSpec) },
  'v1/Namespace': { 1: f('metadata', ObjectMeta), 2: f('spec', { 1: f('finalizers', 'string', { repeated: true }) }) },
  'v1/ConfigMap': { 1: f('metadata', ObjectMeta), 2: f('data', 'string', { map: 'string' }), 3: f('binaryData', 'string', { map: 'bytes' }), 4: f('immutable', 'bool') },
  'v1/Secret': { 1: f('metadata', ObjectMeta), 2: f('data', 'string', { map: 'bytes' }), 3: f('type', 'string'), 4: f('stringData', 'string', { map: 'string' }), 5: f('immutable', 'bool') },
  'v1/Service': { 1: f('metadata', ObjectMeta), 2: f('spec', ServiceSpec) },
  'v1/Pod': { 1: f('metadata', ObjectMeta), 2: f('spec', PodSpec) },
  'apps/v1/Deployment': { 1: f('metadata', ObjectMeta), 2: f('spec', DeploymentSpec) },
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw malformed('truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result >= 2 ** 63 ? result - 2 ** 64 : result;
      mul *= 128;
    }
    throw malformed('varint too long');
  }
  bytes(): Buffer {
    const len = this.varint();
    if (len < 0 || this.pos + len > this.buf.length) throw malformed('length out of range');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw malformed(`unsupported wire type ${wire}`);
  }
}

function malformed(why: string): ApiError {
  return new ApiError(400, 'BadRequest', `the protobuf request body could not be decoded: ${why}`);
}

function decodeScalar(type: Scalar, r: Reader, wire: number): unknown {
  switch (type) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'int':
      return r.varint();
    case 'bool':
      return r.varint() !== 0;
    case 'quantity': {
      const m = decodeMessage(r.bytes(), { 1: f('string', 'string') });
      return m.string ?? '0';
    }
    case 'intstr': {
      const m = decodeMessage(r.bytes(), { 1: f('type', 'int', { keepZero: true }), 2: f('intVal', 'int', { keepZero: true }), 3: f('strVal', 'string') }) as { type?: number; intVal?: number; strVal?: string };
      return m.type === 1 ? (m.strVal ?? '') : (m.intVal ?? 0);
    }
    default:
      r.skip(wire);
      return undefined;
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function decodeMessage(buf: Buffer, schema: Schema, depth = 0): Record<string, unknown> {
  if (depth > 50) throw malformed('nested too deeply');
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const key = r.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    const spec = schema[field];
    if (!spec) {
      r.skip(wire);
      continue;
    }
    if (spec.map !== undefined) {
      if (wire !== 2) throw malformed(`field ${spec.name} is not length-delimited`);
      const entry = new Reader(r.bytes());
      let k = '';
      let v: unknown;
      while (!entry.done) {
        const ek = entry.varint();
        if (ek >> 3 === 1) k = entry.bytes().toString('utf8');
        else if (ek >> 3 === 2) v = typeof spec.map === 'string' ? decodeScalar(spec.map, entry, ek & 7) : decodeMessage(entry.bytes(), spec.map, depth + 1);
        else entry.skip(ek & 7);
      }
      const m = (out[spec.name] ??= {}) as Record<string, unknown>;
      m[k] = v ?? (spec.map === 'string' || spec.map === 'bytes' ? '' : {});
      continue;
    }
    let value: unknown;
    if (typeof spec.type === 'string') {
      if (spec.repeated && wire === 2 && (spec.type === 'int' || spec.type === 'bool')) {
        // packed repeated scalars
        const packed = new Reader(r.bytes());
        const list = (out[spec.name] ??= []) as unknown[];
        while (!packed.done) list.push(decodeScalar(spec.type, packed, 0));
        continue;
      }
      value = decodeScalar(spec.type, r, wire);
      if (value === undefined) continue;
      if (!spec.repeated && !spec.keepZero && isZero(value)) continue;
    } else {
      if (wire !== 2) throw malformed(`field ${spec.name} is not a message`);
      value = decodeMessage(r.bytes(), spec.type, depth + 1);
    }
    if (spec.inline) Object.assign(out, value);
    else if (spec.repeated) ((out[spec.name] ??= []) as unknown[]).push(value);
    else out[spec.name] = value;
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a protobuf-encoded Kubernetes object into its JSON form. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw malformed('missing the "k8s\\0" prefix');
  const unknown = decodeMessage(body.subarray(4), { 1: f('typeMeta', { 1: f('apiVersion', 'string'), 2: f('kind', 'string') }), 2: f('raw', 'bytes') });
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = KINDS[`${typeMeta.apiVersion}/${typeMeta.kind}`];
  if (!schema) {
    throw new ApiError(415, 'UnsupportedMediaType', `protobuf bodies are only supported for Namespace, ConfigMap, Secret, Service, Pod, Deployment, Ingress, RBAC kinds and self-reviews (got ${typeMeta.apiVersion ?? '?'}/${typeMeta.kind ?? '?'}); send application/json`);
  }
  const raw = Buffer.from(String(unknown.raw ?? ''), 'base64');
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage(raw, schema) };
}

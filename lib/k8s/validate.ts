/**
 * validateObject: the API server's validation step for the kinds in KINDS. Returns the
 * `details.causes` of a 422 (empty = valid). Unknown kinds are not validated here.
 */
import type { z } from 'zod';
import { type FieldCause, typeInvalid } from './causes';
import { apiVersionOf, kindInfo } from './kinds';
import { isObj, validateObjectMeta } from './validation/common';
import * as core from './validation/core';
import * as apps from './validation/apps';
import * as networking from './validation/networking';
import * as discovery from './validation/discovery';
import * as gateway from './validation/gateway';

type Obj = Record<string, unknown>;
type SpecValidator = (obj: Obj, old?: Obj) => FieldCause[];

const SPEC_VALIDATORS: Record<string, SpecValidator> = {
  '/Namespace': core.validateNamespace,
  '/Service': core.validateService,
  '/Endpoints': core.validateEndpoints,
  '/Pod': core.validatePod,
  '/Secret': core.validateSecret,
  '/ConfigMap': core.validateConfigMap,
  '/Event': core.validateEvent,
  '/Node': core.validateNode,
  'apps/Deployment': apps.validateDeployment,
  'discovery.k8s.io/EndpointSlice': discovery.validateEndpointSlice,
  'networking.k8s.io/Ingress': networking.validateIngress,
  'networking.k8s.io/IngressClass': networking.validateIngressClass,
  'gateway.networking.k8s.io/Gateway': gateway.validateGateway,
  'gateway.networking.k8s.io/GatewayClass': gateway.validateGatewayClass,
  'gateway.networking.k8s.io/HTTPRoute': gateway.validateHTTPRoute,
  'gateway.networking.k8s.io/GRPCRoute': gateway.validateGRPCRoute,
  'gateway.networking.k8s.io/TCPRoute': gateway.validateTCPRoute,
  'gateway.networking.k8s.io/TLSRoute': gateway.validateTLSRoute,
  'gateway.networking.k8s.io/ReferenceGrant': gateway.validateReferenceGrant,
  'gateway.networking.k8s.io/UDPRoute': gateway.validateUDPRoute,
  'gateway.networking.k8s.io/ListenerSet': gateway.validateListenerSet,
  'gateway.networking.k8s.io/BackendTLSPolicy': gateway.validateBackendTLSPolicy,
};

/** JSON `null` means "not set" for built-in kinds (Go decodes it to the zero value). */
export function stripNulls<T>(value: T): T {
  if (Array.isArray(value))
    return value.map((v) => (isObj(v) || Array.isArray(v) ? stripNulls(v) : v)) as T;
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value))
    if (v !== null && v !== undefined) out[k] = stripNulls(v);
  return out as T;
}

/** `['spec','ports',0,'port']` -> `spec.ports[0].port`; odd keys in brackets: `data[tls.key]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(seg))) out += (out ? '.' : '') + String(seg);
    else out += `[${String(seg)}]`;
  }
  return out;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

const describeType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Wrong JSON types (e.g. `port: "abc"`), as FieldValueTypeInvalid causes. */
export function typeErrors(schema: z.ZodType, obj: unknown): FieldCause[] {
  const result = schema.safeParse(obj);
  if (result.success) return [];
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') continue;
    const value = valueAt(obj, issue.path);
    // Missing required fields are reported by the kind's own rules as Required.
    if (value === undefined) continue;
    const field = formatFieldPath(issue.path);
    if (seen.has(field)) continue;
    seen.add(field);
    let expected = issue.code === 'invalid_type' ? String(issue.expected) : 'integer or string';
    if (expected === 'int' || expected === 'number') expected = 'integer';
    if (expected === 'record') expected = 'object';
    causes.push(
      typeInvalid(field, value, `must be of type ${expected}, got ${describeType(value)}`),
    );
  }
  return causes;
}

export function validateObject(obj: unknown, oldObj?: unknown): FieldCause[] {
  if (!isObj(obj)) return [typeInvalid('', obj, 'must be an object')];
  const info = kindInfo(obj.apiVersion, obj.kind);
  if (!info) return [];
  const o = stripNulls(obj);
  const types = typeErrors(info.schema, {
    ...o,
    apiVersion: apiVersionOf(info),
    metadata: o.metadata ?? {},
  });
  if (types.length) return types;
  const old = isObj(oldObj) ? stripNulls(oldObj) : undefined;
  const causes = validateObjectMeta(o.metadata, info.nameRule);
  const spec = SPEC_VALIDATORS[`${info.group}/${info.kind}`];
  if (spec) causes.push(...spec(o, old));
  return causes;
}

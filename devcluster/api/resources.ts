/**
 * The one table of every resource the dev cluster serves. Discovery, openapi, routing,
 * storage keys, field selectors and table output all read from it. Where a kind lives in
 * the API (group, version, names, scope, subresources) comes from lib/k8s/kinds.ts; this
 * file adds only what the dev cluster alone needs, plus the few kinds lib does not model.
 */
import { AUTHENTICATION_GROUP, AUTHORIZATION_GROUP, GATEWAY_GROUP, KINDS, apiVersionOf, kindByKind, resourceKeyOf, type KindInfo } from '../../lib/k8s/kinds';
import type { KubeObject } from '../store/registry';
import { gatewayApiServes } from './gateway-api-versions';

type ApiFacts = Pick<KindInfo, 'group' | 'version' | 'plural' | 'singular' | 'kind' | 'namespaced' | 'shortNames' | 'categories'>;

interface DevFacts {
  /** metadata.generation is bumped when spec changes. */
  tracksGeneration?: boolean;
  /** A CustomResourceDefinition on a real cluster: strategic merge patch is refused (415). */
  crd?: boolean;
  /** A create-only review (SelfSubjectAccessReview...): answered, never stored. */
  review?: boolean;
  /** Per-kind field selector fields beyond metadata.name / metadata.namespace. */
  fields?: Record<string, (o: KubeObject) => string>;
}

export interface ResourceDef extends ApiFacts, DevFacts {
  /**
   * An older version a CRD still serves (lib/k8s `servedVersions`): the same objects, stored
   * and validated as this version (the kind's main one); only apiVersion differs on the wire
   * (conversion strategy None, as the Gateway API CRDs declare). See ./served-version.ts.
   */
  storedAs?: string;
  /** Has a /status subresource: main writes keep stored status; /status writes only status. */
  status?: boolean;
  /** Has a /scale subresource (autoscaling/v1 Scale). */
  scale?: boolean;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const at = (o: KubeObject, ...path: string[]): unknown => {
  let cur: unknown = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};
const field = (...path: string[]) => (o: KubeObject) => str(at(o, ...path));

/** Dev-cluster-only facts by resource key (see resourceKey). Gateway API kinds are CRDs. */
const DEV_FACTS: Record<string, DevFacts> = {
  namespaces: { fields: { 'status.phase': field('status', 'phase') } },
  pods: {
    fields: {
      'spec.nodeName': field('spec', 'nodeName'),
      'status.phase': field('status', 'phase'),
      'status.podIP': field('status', 'podIP'),
      'spec.restartPolicy': field('spec', 'restartPolicy'),
      'spec.serviceAccountName': field('spec', 'serviceAccountName'),
    },
  },
  secrets: { fields: { type: field('type') } },
  events: {
    fields: {
      'involvedObject.kind': field('involvedObject', 'kind'),
      'involvedObject.namespace': field('involvedObject', 'namespace'),
      'involvedObject.name': field('involvedObject', 'name'),
      'involvedObject.uid': field('involvedObject', 'uid'),
      'involvedObject.apiVersion': field('involvedObject', 'apiVersion'),
      'involvedObject.resourceVersion': field('involvedObject', 'resourceVersion'),
      'involvedObject.fieldPath': field('involvedObject', 'fieldPath'),
      reason: field('reason'),
      type: field('type'),
      source: field('source', 'component'),
    },
  },
  nodes: { fields: { 'spec.unschedulable': (o) => str(at(o, 'spec', 'unschedulable') ?? false) } },
  [resourceKeyOf(kindByKind('Deployment'))]: { tracksGeneration: true },
  [resourceKeyOf(kindByKind('Ingress'))]: { tracksGeneration: true },
  [resourceKeyOf(kindByKind('PodDisruptionBudget'))]: { tracksGeneration: true },
};

/** Served, but not modelled in lib (no schema to validate against), each after `after`. */
const UNMODELLED: Array<ResourceDef & { after: string }> = [
  { after: 'pods', group: '', version: 'v1', plural: 'serviceaccounts', singular: 'serviceaccount', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  ...(['SelfSubjectAccessReview', 'SelfSubjectRulesReview'] as const).map((kind) => review(AUTHORIZATION_GROUP, kind)),
  review(AUTHENTICATION_GROUP, 'SelfSubjectReview'),
];

function review(group: string, kind: string): ResourceDef & { after: string } {
  const singular = kind.toLowerCase();
  return { after: resourceKeyOf(kindByKind('RoleBinding')), group, version: 'v1', plural: `${singular}s`, singular, kind, namespaced: false, review: true };
}

function fromLib(k: KindInfo): ResourceDef {
  const crd = k.group === GATEWAY_GROUP;
  return {
    group: k.group,
    version: k.version,
    plural: k.plural,
    singular: k.singular,
    kind: k.kind,
    namespaced: k.namespaced,
    ...(k.shortNames ? { shortNames: k.shortNames } : {}),
    ...(k.categories ? { categories: k.categories } : {}),
    ...(k.subresources?.includes('status') ? { status: true } : {}),
    ...(k.subresources?.includes('scale') ? { scale: true } : {}),
    ...(crd ? { tracksGeneration: true, crd: true } : {}),
    ...DEV_FACTS[resourceKeyOf(k)],
  };
}

/** The older versions of a kind, after every main version (discovery lists the main one first: preferred). */
function olderVersions(k: KindInfo): ResourceDef[] {
  return (k.servedVersions ?? []).map((version) => ({ ...fromLib(k), version, storedAs: k.version }));
}

/** Every version of every kind, served or not (DEVCLUSTER_GATEWAY_API_VERSIONS): what storage knows. */
const ALL_RESOURCES: ResourceDef[] = [
  ...KINDS.flatMap((k) => [fromLib(k), ...UNMODELLED.filter((u) => u.after === resourceKeyOf(k)).map(({ after: _, ...def }) => def)]),
  ...KINDS.flatMap(olderVersions),
];

/** What the API serves (discovery, openapi, request paths). */
export const RESOURCES: ResourceDef[] = ALL_RESOURCES.filter((r) => gatewayApiServes(r.group, r.kind, r.version));

/** Registry key: "<plural>" for core, "<plural>.<group>" otherwise. */
export const resourceKey: (def: ResourceDef) => string = resourceKeyOf;

export const groupVersion: (def: ResourceDef) => string = apiVersionOf;

// A key names the stored kind: its main version's def.
const byKey = new Map(ALL_RESOURCES.filter((r) => !r.storedAs).map((r) => [resourceKey(r), r]));
const byGvr = new Map(RESOURCES.map((r) => [`${groupVersion(r)}/${r.plural}`, r]));

export function resourceByKey(key: string): ResourceDef | undefined {
  return byKey.get(key);
}

export function resourceByPath(group: string, version: string, plural: string): ResourceDef | undefined {
  return byGvr.get(`${group ? `${group}/${version}` : version}/${plural}`);
}

/** Whether a written object's apiVersion is one this (stored) kind is served at. */
export function servesApiVersion(def: ResourceDef, apiVersion: unknown): boolean {
  // internal writes (seed, controllers) may use a version this cluster does not serve over HTTP
  return ALL_RESOURCES.some((r) => r.kind === def.kind && r.group === def.group && groupVersion(r) === apiVersion);
}

export function resourceByKind(apiVersion: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => groupVersion(r) === apiVersion && r.kind === kind);
}

/** Group -> versions, in the order the table lists them (first is preferred). */
export function groupsAndVersions(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of RESOURCES) {
    const versions = out.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    out.set(r.group, versions);
  }
  return out;
}

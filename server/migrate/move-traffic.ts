/**
 * "Create and move traffic": create the proposed HTTPRoutes, wait until the gateway has
 * Accepted them with resolved refs (for their current generation, on every parent), and only
 * then make the Ingress (and its folded-in canaries) stop serving the moved hosts, in one write
 * per object. Used by the console (a client acting as the signed-in user) and by
 * `npm run convert -- --apply` (the kubeconfig's identity): the client is passed in, so this
 * module has no transport of its own and no 'server-only' import.
 *
 * Which wins while both exist: each request takes the most precise match of either object
 * (lib/routing's one precedence: path kind, path length, conditions, then the older object --
 * the Ingress). The proposal was proven to answer every generated request the same, so either
 * answer goes to the same place; nothing is dropped while both serve. The Ingress then stops
 * serving a host by losing its paths for it (`ingressWithoutHosts`): the host stays listed
 * (the namespace keeps its claim and the TLS certificate of spec.tls keeps being served), the
 * removed rules are kept in an annotation so the move can be undone by hand.
 */
import type { KubeObject } from '../kube/client';
import type { IngressInput } from '@/lib/routing/types';
import { CONVERTED_FROM_ANNOTATION, type Conversion, type ProposedRoute } from '@/lib/routing/convert';

export const MOVED_TO_ANNOTATION = 'portico.dev/moved-to';
export const MOVED_RULES_ANNOTATION = 'portico.dev/moved-rules';
/** Bound on the saved rules (an annotation; all of an object's annotations may not pass 256 KiB). */
const MAX_SAVED_RULES = 64 * 1024;
const CONTROLLER = 'portico.dev/gateway-controller';

type Resource = 'ingresses' | 'httproutes';

/** What the move needs from a Kubernetes client (server/kube KubeClient has it; so does the CLI's). */
export interface MoveClient {
  find<T = KubeObject>(resource: Resource, namespace: string, name: string): Promise<T | undefined>;
  create<T = KubeObject>(resource: Resource, namespace: string, body: unknown): Promise<T>;
  replace<T = KubeObject>(resource: Resource, namespace: string, name: string, body: unknown): Promise<T>;
  delete(resource: Resource, namespace: string, name: string): Promise<unknown>;
}

export interface MoveOptions {
  /** how long the routes may take to be Accepted (default 30 s) */
  timeoutMs?: number;
  /** progress lines (the CLI prints them) */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface MoveResult {
  routes: string[];
  /** Ingresses edited (the main one and its canaries) */
  ingresses: string[];
  hosts: string[];
}

export class MoveError extends Error {}

type Conditioned = KubeObject & {
  metadata: KubeObject['metadata'] & { generation?: number };
  status?: { parents?: Array<{ parentRef: { name: string; namespace?: string; sectionName?: string }; controllerName: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string; observedGeneration?: number }> }> };
};

/** Why a route is not ready yet (undefined when every parent has Accepted + ResolvedRefs True for its generation). */
export function routeNotReady(route: Conditioned, expected: ProposedRoute): string | undefined {
  const gen = route.metadata.generation;
  for (const pr of expected.spec.parentRefs ?? []) {
    const st = route.status?.parents?.find((p) => p.controllerName === CONTROLLER && p.parentRef.name === pr.name && (p.parentRef.namespace ?? route.metadata.namespace) === (pr.namespace ?? route.metadata.namespace) && (p.parentRef.sectionName ?? '') === (pr.sectionName ?? ''));
    const label = `${pr.name}${pr.sectionName ? '/' + pr.sectionName : ''}`;
    if (!st) return `no status from the gateway for parent ${label} yet`;
    for (const type of ['Accepted', 'ResolvedRefs']) {
      const c = st.conditions?.find((x) => x.type === type);
      if (!c) return `parent ${label}: no ${type} condition yet`;
      if (gen !== undefined && c.observedGeneration !== undefined && c.observedGeneration < gen) return `parent ${label}: ${type} is for an older generation`;
      if (c.status !== 'True') return `parent ${label}: ${type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`;
    }
  }
  return undefined;
}

type IngressObj = KubeObject & IngressInput;
type IngressRule = NonNullable<NonNullable<IngressInput['spec']>['rules']>[number];

/**
 * The Ingress without its paths for `hosts` ('' = its host-less rules): those rules keep only
 * their host, the removed rules are saved in an annotation. Pure.
 */
export function ingressWithoutHosts(ing: IngressObj, hosts: readonly string[], movedTo: readonly string[]): IngressObj {
  const moved = new Set(hosts);
  const removed: IngressRule[] = [];
  const rules = (ing.spec?.rules ?? []).map((r) => {
    if (!moved.has((r.host ?? '').toLowerCase()) || !r.http) return r;
    removed.push(r);
    return r.host ? { host: r.host } : {};
  });
  const annotations = { ...ing.metadata.annotations };
  const prev = annotations[MOVED_RULES_ANNOTATION] ? safeJson(annotations[MOVED_RULES_ANNOTATION]) : [];
  const saved = JSON.stringify([...prev, ...removed]);
  if (saved.length <= MAX_SAVED_RULES) annotations[MOVED_RULES_ANNOTATION] = saved;
  annotations[MOVED_TO_ANNOTATION] = [...new Set([...(annotations[MOVED_TO_ANNOTATION]?.split(',').filter(Boolean) ?? []), ...movedTo.map((n) => `HTTPRoute/${n}`)])].join(',');
  return { ...ing, metadata: { ...ing.metadata, annotations }, spec: { ...ing.spec, rules } };
}

function safeJson(s: string): IngressRule[] {
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? (v as IngressRule[]) : [];
  } catch {
    return [];
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(new MoveError('aborted'))), { once: true });
  });

function statusCode(e: unknown): number | undefined {
  const o = e as { code?: unknown; statusCode?: unknown };
  return typeof o?.code === 'number' ? o.code : typeof o?.statusCode === 'number' ? o.statusCode : undefined;
}

/** Create (or update one we made before) each proposed route. */
async function putRoute(client: MoveClient, r: ProposedRoute, log: (l: string) => void): Promise<boolean> {
  const ns = r.metadata.namespace;
  const existing = await client.find<KubeObject>('httproutes', ns, r.metadata.name);
  if (!existing) {
    await client.create('httproutes', ns, r);
    log(`created HTTPRoute ${ns}/${r.metadata.name}`);
    return true;
  }
  if (existing.metadata.annotations?.[CONVERTED_FROM_ANNOTATION] !== r.metadata.annotations[CONVERTED_FROM_ANNOTATION]) {
    throw new MoveError(`HTTPRoute ${ns}/${r.metadata.name} already exists and was not converted from ${r.metadata.annotations[CONVERTED_FROM_ANNOTATION]}; rename or delete it first`);
  }
  await client.replace('httproutes', ns, r.metadata.name, { ...r, metadata: { ...r.metadata, resourceVersion: existing.metadata.resourceVersion } });
  log(`updated HTTPRoute ${ns}/${r.metadata.name}`);
  return false;
}

/** Rewrite one Ingress without the moved hosts; retried on a write conflict. */
async function stopServing(client: MoveClient, ns: string, name: string, hosts: readonly string[], routes: readonly string[]): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const ing = await client.find<IngressObj>('ingresses', ns, name);
    if (!ing) return false;
    const next = ingressWithoutHosts(ing, hosts, routes);
    try {
      await client.replace('ingresses', ns, name, next);
      return true;
    } catch (e) {
      if (statusCode(e) !== 409 || attempt >= 4) throw e;
    }
  }
}

export async function moveTraffic(client: MoveClient, conversion: Conversion, opts: MoveOptions = {}): Promise<MoveResult> {
  const log = opts.log ?? (() => {});
  if (conversion.refused) throw new MoveError(`not converted: ${conversion.refused}`);
  if (!conversion.routes.length) throw new MoveError('the proposal has no route to create');
  const ns = conversion.ingress.namespace;
  const created: string[] = [];
  try {
    for (const r of conversion.routes) if (await putRoute(client, r, log)) created.push(r.metadata.name);
    // Wait for the gateway: Accepted + ResolvedRefs for the current generation, every parent.
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    for (const r of conversion.routes) {
      for (;;) {
        const live = await client.find<Conditioned>('httproutes', ns, r.metadata.name);
        const why = live ? routeNotReady(live, r) : 'the route disappeared';
        if (!why) break;
        if (Date.now() > deadline) throw new MoveError(`HTTPRoute ${ns}/${r.metadata.name} is not ready: ${why}; the Ingress was left serving`);
        await sleep(200, opts.signal);
      }
      log(`HTTPRoute ${ns}/${r.metadata.name} is Accepted with resolved refs`);
    }
  } catch (e) {
    // Routes we created that never became ready must not keep serving next to the Ingress.
    for (const name of created) await client.delete('httproutes', ns, name).catch(() => undefined);
    throw e;
  }
  const routes = conversion.routes.map((r) => r.metadata.name);
  const edited: string[] = [];
  // The main Ingress first: its canaries only serve through it (a canary without a main is idle).
  for (const name of [conversion.ingress.name, ...conversion.canaries]) {
    if (await stopServing(client, ns, name, conversion.hosts, routes)) {
      edited.push(name);
      log(`Ingress ${ns}/${name} no longer serves ${conversion.hosts.map((h) => h || '(any host)').join(', ')}`);
    }
  }
  return { routes, ingresses: edited, hosts: conversion.hosts };
}

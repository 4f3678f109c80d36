/**
 * Maps the gateway admin API's /routes/test answer onto the graph: the nodes and edges a
 * request would take, and where it stops.
 */
import { GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, INGRESS_HTTPS_LISTENER, edgeId, nodeIds } from './build';
import type { TopoGraph } from './types';

/** The fields of /routes/test we read (the admin API returns more). */
export interface RouteTestAnswer {
  request?: { method?: string; scheme?: 'http' | 'https'; host?: string; path?: string };
  /** other-project: a route of another namespace would serve it (the gateway tells no more). */
  result: 'route' | 'no-match' | 'bad-request' | 'other-project';
  status?: number;
  why?: string;
  route?: { kind: string; namespace: string; name: string; description?: string };
  action?: 'forward' | 'redirect' | 'direct-response';
  location?: string;
  upstreamPath?: string;
  backends?: {
    key: string;
    weight?: number;
    probability?: number;
    answer?: number;
    stop?: string;
    invalid?: string;
    nextEndpoint?: string;
    endpoints?: { ready?: { address: string; port: number; pod?: string }[] };
  }[];
  error?: string;
}

export interface TracePath {
  nodes: string[];
  edges: string[];
  /** Where the request stops short of a pod, and why. */
  stop?: { nodeId: string; message: string };
  /** The pod (or pod group) that would answer. */
  target?: string;
  summary: string;
}

/** "ns/service:port" -> { ns, service } */
export function parseBackendKey(key: string): { namespace: string; service: string; port: string } | undefined {
  const m = /^([^/]+)\/([^:]+):(.*)$/.exec(key);
  return m ? { namespace: m[1], service: m[2], port: m[3] } : undefined;
}

export function tracePath(graph: TopoGraph, answer: RouteTestAnswer): TracePath {
  const nodes: string[] = [];
  const edges: string[] = [];
  const has = new Set(graph.nodes.map((n) => n.id));
  const edgeSet = new Set(graph.edges.map((e) => e.id));
  const add = (id: string) => {
    if (has.has(id) && !nodes.includes(id)) nodes.push(id);
  };
  const link = (a: string, b: string) => {
    const id = edgeId(a, b);
    if (edgeSet.has(id) && !edges.includes(id)) edges.push(id);
  };
  const https = answer.request?.scheme === 'https';
  const host = answer.request?.host;
  const req = `${answer.request?.method ?? 'GET'} ${host ? `${answer.request?.scheme ?? 'http'}://${host}` : ''}${answer.request?.path ?? ''}`;

  if (answer.error || answer.result === 'bad-request') {
    add(GATEWAY_NODE_ID);
    return { nodes, edges, stop: { nodeId: GATEWAY_NODE_ID, message: `Bad request (400): ${answer.why ?? answer.error}` }, summary: `${req}: bad request` };
  }
  if (answer.result === 'other-project') {
    add(GATEWAY_NODE_ID);
    return { nodes, edges, stop: { nodeId: GATEWAY_NODE_ID, message: 'Served by another project: its route is not shown here.' }, summary: `${req}: served by another project` };
  }
  if (answer.result === 'no-match' || !answer.route) {
    const listener = https ? INGRESS_HTTPS_LISTENER : INGRESS_HTTP_LISTENER;
    add(GATEWAY_NODE_ID);
    add(listener);
    link(GATEWAY_NODE_ID, listener);
    const at = nodes.includes(listener) ? listener : GATEWAY_NODE_ID;
    return { nodes, edges, stop: { nodeId: at, message: `No route matched (${answer.status ?? 404}): ${answer.why ?? 'no host or path matched'}` }, summary: `${req}: no route matched` };
  }

  const routeId = nodeIds.route(answer.route.kind, answer.route.namespace, answer.route.name);
  if (!has.has(routeId)) {
    add(GATEWAY_NODE_ID);
    return {
      nodes,
      edges,
      stop: { nodeId: GATEWAY_NODE_ID, message: `Matched ${answer.route.kind} ${answer.route.namespace}/${answer.route.name}, outside this view.` },
      summary: `${req}: matched a route outside this project`,
    };
  }
  // The listener: one with an edge to the route, HTTPS first for https requests.
  const listeners = graph.edges.filter((e) => e.target === routeId && e.kind === 'listener-route').map((e) => e.source);
  const byScheme = listeners.find((l) => (https ? /https/i : /http(?!s)/i).test(graph.nodes.find((n) => n.id === l)?.label ?? ''));
  const listener = byScheme ?? listeners[0];
  if (listener) {
    const gw = graph.edges.find((e) => e.target === listener && e.kind === 'gateway-listener')?.source ?? GATEWAY_NODE_ID;
    add(gw);
    add(listener);
    link(gw, listener);
    link(listener, routeId);
  } else add(GATEWAY_NODE_ID);
  add(routeId);
  const matched = answer.route.description ? ` (${answer.route.description})` : '';

  if (answer.action === 'redirect' || answer.action === 'direct-response') {
    const msg = answer.action === 'redirect' ? `Redirect ${answer.status}${answer.location ? ` to ${answer.location}` : ''}` : `Direct response ${answer.status}`;
    return { nodes, edges, stop: { nodeId: routeId, message: msg }, summary: `${req}: ${answer.route.name}${matched}: ${msg}` };
  }
  const backends = answer.backends ?? [];
  // The backend the next request goes to: one with an endpoint, the most likely first.
  const chosen = [...backends].sort((a, b) => (b.probability ?? 0) - (a.probability ?? 0)).find((b) => b.nextEndpoint && !b.stop) ?? backends[0];
  for (const b of backends) {
    const ref = parseBackendKey(b.key);
    if (!ref || (b !== chosen && (b.probability ?? 0) === 0)) continue;
    const svcId = nodeIds.service(ref.namespace, ref.service);
    add(svcId);
    link(routeId, svcId);
  }
  if (!chosen) return { nodes, edges, stop: { nodeId: routeId, message: 'The rule has no backend.' }, summary: `${req}: no backend` };
  const ref = parseBackendKey(chosen.key);
  const svcId = ref ? nodeIds.service(ref.namespace, ref.service) : routeId;
  if (chosen.stop || !chosen.nextEndpoint) {
    const code = chosen.answer ?? 503;
    const msg = `${chosen.stop ?? 'no ready endpoints'} (${code})`;
    return { nodes, edges, stop: { nodeId: has.has(svcId) ? svcId : routeId, message: msg }, summary: `${req}: ${answer.route.name}${matched} → ${ref?.service}: ${msg}` };
  }
  const address = chosen.nextEndpoint.replace(/:\d+$/, '');
  const podName = chosen.endpoints?.ready?.find((e) => e.address === address)?.pod;
  let target = podName && ref ? nodeIds.pod(ref.namespace, podName) : undefined;
  if (!target || !has.has(target)) target = graph.nodes.find((n) => (n.kind === 'pod' || n.kind === 'endpoint') && n.podIP === address)?.id;
  if (!target || !has.has(target)) target = graph.nodes.find((n) => n.kind === 'pod-group' && n.members?.some((m) => m.podIP === address || m.name === podName))?.id;
  if (target) {
    add(target);
    link(svcId, target);
  }
  return {
    nodes,
    edges,
    target,
    summary: `${req}: ${answer.route.name}${matched} → ${ref?.service} → ${podName ?? chosen.nextEndpoint}${answer.upstreamPath ? ` (upstream path ${answer.upstreamPath})` : ''}`,
  };
}

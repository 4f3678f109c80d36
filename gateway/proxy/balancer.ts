// Endpoint selection: ready endpoints first (terminating ones only when none is ready, so
// rolling updates drain), skipping ejected ones unless every candidate is ejected (panic
// mode: better to try than to fail). Allocation-free on the hot path.
import { shortHash, type Endpoint, type EndpointSet } from './endpoints';

export type LbAlgorithm = 'round-robin' | 'least-request' | 'hash';

export function candidates(set: EndpointSet): readonly Endpoint[] {
  return set.ready.length > 0 ? set.ready : set.terminating;
}

/** Round robin over available endpoints; `exclude` is skipped (retry to another endpoint). */
export function pickRoundRobin(set: EndpointSet, now: number, exclude?: Endpoint): Endpoint | undefined {
  const list = candidates(set);
  const n = list.length;
  if (n === 0) return undefined;
  for (let i = 0; i < n; i++) {
    const e = list[set.cursor++ % n];
    if (set.cursor > 0x3fffffff) set.cursor = 0;
    if (e !== exclude && e.health.available(now)) return e;
  }
  return panicPick(list, set, exclude);
}

/** Fewest in-flight requests among available endpoints (ties rotate). */
export function pickLeastRequest(set: EndpointSet, now: number, exclude?: Endpoint): Endpoint | undefined {
  const list = candidates(set);
  const n = list.length;
  if (n === 0) return undefined;
  const start = set.cursor++ % n;
  let best: Endpoint | undefined;
  for (let i = 0; i < n; i++) {
    const e = list[(start + i) % n];
    if (e === exclude || !e.health.available(now)) continue;
    if (!best || e.inflight < best.inflight) best = e;
  }
  return best ?? panicPick(list, set, exclude);
}

/** Rendezvous hashing: a key keeps its endpoint while that endpoint stays; only the keys of a
 * removed endpoint move. */
export function pickByHash(set: EndpointSet, key: string, now: number, exclude?: Endpoint): Endpoint | undefined {
  const list = candidates(set);
  if (list.length === 0) return undefined;
  let best: Endpoint | undefined;
  let bestScore = -1;
  for (const e of list) {
    if (e === exclude || !e.health.available(now)) continue;
    const score = parseInt(shortHash(`${key}|${e.id}`), 16);
    if (score > bestScore) {
      bestScore = score;
      best = e;
    }
  }
  return best ?? panicPick(list, set, exclude);
}

/** Affinity cookie: the cookie names an endpoint id; keep it while it is available. */
export function pickAffinity(set: EndpointSet, cookieValue: string | undefined, now: number, exclude?: Endpoint): Endpoint | undefined {
  if (cookieValue) {
    const list = candidates(set);
    for (const e of list) if (e.id === cookieValue && e !== exclude && e.health.available(now)) return e;
  }
  return pickRoundRobin(set, now, exclude);
}

function panicPick(list: readonly Endpoint[], set: EndpointSet, exclude?: Endpoint): Endpoint | undefined {
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const e = list[set.cursor++ % n];
    if (e !== exclude) return e;
  }
  return undefined;
}

/** Weighted choice over the action's backends (including invalid ones: the caller answers 500). */
export function pickWeighted<T extends { weight: number }>(items: readonly T[], total: number): T {
  if (items.length === 1) return items[0];
  let r = Math.random() * total;
  for (const it of items) {
    r -= it.weight;
    if (r < 0) return it;
  }
  return items[items.length - 1];
}

/** Gateway API hostname semantics: wildcard containment and listener/route intersection. */

/** Does every host matched by `a` also match `b`? Gateway API wildcards match one or more labels. */
export function hostWithin(a: string, b: string): boolean {
  if (a === b) return true;
  if (!b.startsWith('*.')) return false;
  const suffix = b.slice(1);
  const body = a.startsWith('*.') ? a.slice(1) : a;
  return body.length > suffix.length && body.endsWith(suffix);
}

/** Hostnames a route serves through a listener ([] = no intersection; "*" = any). */
export function intersectHostnames(listenerHost: string | undefined, routeHosts: readonly string[]): string[] {
  const rh = routeHosts.map((h) => h.toLowerCase());
  if (!listenerHost) return rh.length ? [...new Set(rh)] : ['*'];
  const L = listenerHost.toLowerCase();
  if (!rh.length) return [L];
  const out = new Set<string>();
  for (const h of rh) {
    if (hostWithin(h, L)) out.add(h);
    else if (hostWithin(L, h)) out.add(L);
  }
  return [...out];
}

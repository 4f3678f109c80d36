// The 4-entry path-prefix table every peer proxy routes with (as in the research runs): all
// prefixes go to the same backend, the longest match wins, the path is forwarded unchanged.
export const PREFIXES = ['/api/', '/static/', '/auth/', '/'];

/** Hop-by-hop headers (RFC 9110 7.6.1) the peers strip. */
export const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

/** Index of the matching prefix (PREFIXES is ordered longest first, "/" last). */
export function matchPrefix(url) {
  for (let i = 0; i < PREFIXES.length; i++) if (url.startsWith(PREFIXES[i])) return i;
  return -1;
}

/** Port arguments; also exits cleanly on SIGINT/SIGTERM so that `--cpu-prof` writes its profile. */
export function args() {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
  const [port, backendPort] = process.argv.slice(2).map(Number);
  return { port, backendPort, origin: `http://127.0.0.1:${backendPort}` };
}

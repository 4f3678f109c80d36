import 'server-only';
/**
 * Resolves a Service's ExternalName for the Service page's diagnostic, as the gateway's
 * resolver would (gateway/tcp/external-name.ts): RFC 6761 names answer without a query
 * (`localhost` resolves, `*.invalid` does not), everything else goes to getaddrinfo. Each
 * lookup is bounded in time and answers are cached briefly, so a page render never waits on a
 * slow resolver more than once and a flood of renders sends at most one query per name.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { NameResolution } from '../models/failure-table';

const TIMEOUT_MS = 2000;
const TTL_MS = 30_000;
const MAX_ENTRIES = 256;
const MAX_NAME = 253;

const cache = new Map<string, { at: number; value: Promise<NameResolution> }>();

function lookup(name: string): Promise<NameResolution> {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (host.length === 0 || host.length > MAX_NAME) return Promise.resolve({ error: 'not a DNS name' });
  if (net.isIP(host)) return Promise.resolve({ addresses: [host] });
  if (host === 'localhost' || host.endsWith('.localhost')) return Promise.resolve({ addresses: ['127.0.0.1'] });
  if (host === 'invalid' || host.endsWith('.invalid')) return Promise.resolve({ error: 'ENOTFOUND' });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<NameResolution>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS);
  });
  const query = dns.promises.lookup(host, { all: true }).then(
    (rs): NameResolution => ({ addresses: rs.map((r) => r.address) }),
    (err: NodeJS.ErrnoException): NameResolution => ({ error: err.code ?? err.message }),
  );
  return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
}

export function resolveExternalName(name: string): Promise<NameResolution> {
  const now = Date.now();
  const hit = cache.get(name);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const value = lookup(name);
  cache.set(name, { at: now, value });
  return value;
}

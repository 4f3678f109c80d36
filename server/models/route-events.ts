/**
 * Gateway Events on an Ingress that mean part of it is not served, as warnings for the route
 * detail's banner (the Events tab lists every Event as it is). Issue 13: another namespace owns
 * a host this Ingress names (reason HostClaimedByOtherNamespace, written by the gateway from
 * lib/routing/host-ownership.ts).
 */
import type { Ingress } from '@/lib/k8s';

export interface EventLike {
  type: string;
  reason: string;
  message: string;
}

const HOST_CLAIMED = 'HostClaimedByOtherNamespace';
/** the gateway's message: `<field>: host "<host>" belongs to namespace "<owner>", ...` */
const CLAIM = /^(spec\.(?:rules|tls)\[\d+\][^:]*): host "([^"]{1,253})" belongs to namespace "([^"]{1,63})"/;

/** Warnings naming host and owner namespace, only for hosts the Ingress still names (an Event outlives an edit). */
export function hostOwnershipWarnings(ingress: Partial<Pick<Ingress, 'spec'>>, events: readonly EventLike[]): string[] {
  const spec = ingress.spec ?? {};
  const ruleHosts = new Set<string>((spec.rules ?? []).map((r) => (r.host ?? '').toLowerCase()));
  const tlsHosts = new Set<string>((spec.tls ?? []).flatMap((t) => (t.hosts ?? []).map((h) => h.toLowerCase())));
  const out = new Set<string>();
  for (const e of events) {
    if (e.reason !== HOST_CLAIMED) continue;
    const m = CLAIM.exec(e.message);
    if (!m) continue;
    const [, field, host, owner] = m;
    const tls = field.startsWith('spec.tls');
    if (!(tls ? tlsHosts : ruleHosts).has(host)) continue;
    out.add(
      tls
        ? `Host ${host} belongs to namespace ${owner} (it claimed the host first): this route's TLS certificate is not used for it.`
        : `Host ${host} belongs to namespace ${owner} (it claimed the host first): this route gets no traffic for ${host}.`,
    );
  }
  return [...out];
}

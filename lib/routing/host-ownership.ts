/**
 * Ingress host ownership across namespaces (issue 13; the OpenShift router's default route
 * admission policy). A host belongs to the namespace of the oldest Ingress that claims it
 * (creationTimestamp, a missing one counting as newest; ties by "namespace/name", code-unit
 * order): exactly the order `byAge` visits Ingresses in, so one pass decides it. Every Ingress of
 * the owner namespace may add paths for the host (and canaries attach as usual); an Ingress of
 * another namespace gets no entries and no SNI certificate for it, and a diagnostic.
 *
 * A claim is a valid host in `spec.rules[i].host` or `spec.tls[j].hosts[k]` of an Ingress of
 * ours that is served (not refused, no invalid annotation) and not a canary. Hosts are exact
 * strings: "*.example.com" is a host of its own, unrelated to "shop.example.com". The empty host
 * (rules without a host: the catch-all) and a TLS entry without hosts are never owned: every
 * namespace's host-less rules merge as before (oldest wins per path).
 *
 * Ownership is recomputed on every build from the cached per-Ingress claims, so an incremental
 * build (owner deleted -> the next-oldest namespace takes over) equals a build from scratch.
 */
import type { IngressHostOwnership } from './types';

export interface HostClaim {
  /** lower-case, valid DNS name, possibly "*." wildcard */
  host: string;
  /** spec.rules[i].host or spec.tls[j].hosts[k] */
  field: string;
}

export const HOST_CLAIMED_REASON = 'HostClaimedByOtherNamespace';
/** nothing lost: shared, so the common case allocates nothing (claim runs per Ingress per build) */
const NONE: ReadonlyArray<HostClaim & { owner: string }> = Object.freeze([]);

export class HostOwners {
  private readonly owner = new Map<string, string>();
  private readonly enabled: boolean;

  constructor(mode: IngressHostOwnership) {
    this.enabled = mode !== 'off';
  }

  /**
   * Registers the claims of one Ingress (call in byAge order): unowned hosts become its
   * namespace's. Returns the claims another namespace already owns, with that namespace.
   */
  claim(ns: string, claims: readonly HostClaim[]): ReadonlyArray<HostClaim & { owner: string }> {
    if (!this.enabled) return NONE;
    let lost: Array<HostClaim & { owner: string }> | undefined;
    for (let i = 0; i < claims.length; i++) {
      const c = claims[i];
      const owner = this.owner.get(c.host);
      if (owner === undefined) this.owner.set(c.host, ns);
      else if (owner !== ns) (lost ??= []).push({ ...c, owner });
    }
    return lost ?? NONE;
  }

  /** host -> owner namespace (empty when ownership is off) */
  get owners(): ReadonlyMap<string, string> {
    return this.owner;
  }

  /** The owner namespace of a host, when ownership applies and another namespace than `ns` holds it. */
  otherOwner(ns: string, host: string): string | undefined {
    if (!this.enabled || host === '' || host === '*') return undefined;
    const o = this.owner.get(host);
    return o !== undefined && o !== ns ? o : undefined;
  }
}

export function hostClaimedMessage(c: HostClaim, owner: string): string {
  const what = c.field.startsWith('spec.tls') ? 'its TLS certificate is not used for this host' : 'this Ingress gets no traffic for it';
  return `host "${c.host}" belongs to namespace "${owner}", whose Ingress claimed it first (oldest creationTimestamp, then namespace/name); ${what}`;
}

// Which version of each Gateway API kind the cluster serves. A real cluster may carry older
// CRDs (v1.2: ReferenceGrant v1beta1, TCPRoute/TLSRoute v1alpha2, no ListenerSet): we ask
// discovery (GET /apis/<group>, then each of its versions' resource lists), cache the answer a
// short while, and read, watch and write status at the newest version we understand
// (lib/k8s/kinds.ts: `version` and `servedVersions`).
import type { KindInfo } from '@/lib/k8s/kinds';
import { KubeApiError, type KubeClient } from './client';

/** A cached discovery answer is trusted this long (missing kinds are retried every 30 s: each retry asks again). */
export const DISCOVERY_TTL_MS = 25_000;

interface GroupDoc {
  versions?: Array<{ version?: string }>;
}
interface ResourceListDoc {
  resources?: Array<{ name?: string; kind?: string }>;
}

/** kind -> versions the server serves it at */
type Served = Map<string, Set<string>>;

/** Kubernetes version priority: GA before beta before alpha, then higher major, then higher minor. */
export function compareKubeVersions(a: string, b: string): number {
  const key = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    return [m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
  return 0;
}

/** The versions of a kind we understand, newest first. */
export function knownVersions(k: Pick<KindInfo, 'version' | 'servedVersions'>): string[] {
  return [k.version, ...(k.servedVersions ?? [])].sort(compareKubeVersions);
}

export class ServedVersions {
  private groups = new Map<string, { at: number; served: Promise<Served | undefined> }>();
  /** the version each kind was last resolved to (status writes use it) */
  private chosen = new Map<string, string>();

  constructor(
    private readonly client: Pick<KubeClient, 'get'>,
    private readonly ttlMs = DISCOVERY_TTL_MS,
  ) {}

  /**
   * The newest version of `k` we understand that the cluster serves; undefined when it serves
   * none of them (or not the group at all). Discovery errors other than 404 propagate.
   */
  async pick(k: Pick<KindInfo, 'group' | 'kind' | 'version' | 'servedVersions'>): Promise<string | undefined> {
    const served = await this.served(k.group);
    const have = served?.get(k.kind);
    const v = have ? knownVersions(k).find((x) => have.has(x)) : undefined;
    if (v) this.chosen.set(k.kind, v);
    else this.chosen.delete(k.kind);
    return v;
  }

  /** The version `kind` was last picked at, if any. */
  versionOf(kind: string): string | undefined {
    return this.chosen.get(kind);
  }

  /** What the server serves of `group`, as each version's kind list says (versions it lists but does not describe are skipped). */
  served(group: string): Promise<Served | undefined> {
    const now = Date.now();
    const c = this.groups.get(group);
    if (c && now - c.at < this.ttlMs) return c.served;
    const served = this.discover(group);
    this.groups.set(group, { at: now, served });
    // a failed discovery is not cached
    served.catch(() => this.groups.get(group)?.served === served && this.groups.delete(group));
    return served;
  }

  /** Forget what we know of `group` (after a 404 on a path discovery told us about). */
  invalidate(group: string): void {
    this.groups.delete(group);
  }

  private async discover(group: string): Promise<Served | undefined> {
    const doc = await notFoundAsUndefined(this.client.get<GroupDoc>(`/apis/${group}`));
    if (!doc) return undefined;
    const out: Served = new Map();
    const versions = (doc.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string' && /^v\d+[a-z0-9]*$/.test(v));
    if (!versions.length) return undefined; // a group with no versions is no group
    const lists = await Promise.all(versions.map((v) => notFoundAsUndefined(this.client.get<ResourceListDoc>(`/apis/${group}/${v}`))));
    versions.forEach((v, i) => {
      for (const r of lists[i]?.resources ?? []) {
        if (!r.kind || !r.name || r.name.includes('/')) continue; // subresources
        let s = out.get(r.kind);
        if (!s) out.set(r.kind, (s = new Set()));
        s.add(v);
      }
    });
    return out;
  }
}

async function notFoundAsUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 404) return undefined;
    throw err;
  }
}

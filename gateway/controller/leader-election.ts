// Leader election on one coordination.k8s.io Lease (portico-system/portico-gateway): the holder
// writes status; every replica routes. Timings as client-go names them: the holder renews every
// `renewS`, the others try every `retryS`, and a Lease not renewed for `durationS` is up for
// grabs. Errors are never silent: RBAC refusals and a missing namespace are logged once each,
// with the fix, and kept for /config and the metrics.
import client from 'prom-client';
import type { KubeClient } from '../kube/client';

export const LEASE_NAME = 'portico-gateway';
export const LEASE_NAMESPACE = 'portico-system';
const LEASES = `/apis/coordination.k8s.io/v1/namespaces/${LEASE_NAMESPACE}/leases`;
const LEASE_PATH = `${LEASES}/${LEASE_NAME}`;

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

/** MicroTime: the API server parses exactly six fractional digits (a Date's three are refused). */
export const microTime = (d: Date): string => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export interface LeaseTimings {
  durationS: number;
  renewS: number;
  retryS: number;
}

const positive = (env: Record<string, string | undefined>, name: string, fallback: number, integer = false): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${name} must be ${integer ? 'a whole' : 'a'} number of seconds > 0, got "${raw}"`);
  return n;
};

/** GATEWAY_LEASE_DURATION_S (15, whole seconds as the Lease stores it), _RENEW_S (duration/3), _RETRY_S (2). */
export function leaseTimingsFromEnv(env: Record<string, string | undefined>): LeaseTimings {
  const durationS = positive(env, 'GATEWAY_LEASE_DURATION_S', 15, true);
  const renewS = positive(env, 'GATEWAY_LEASE_RENEW_S', durationS / 3);
  const retryS = positive(env, 'GATEWAY_LEASE_RETRY_S', Math.min(2, durationS / 3));
  if (renewS >= durationS) throw new Error(`GATEWAY_LEASE_RENEW_S (${renewS}) must be less than GATEWAY_LEASE_DURATION_S (${durationS}): the holder must renew before the Lease expires`);
  if (retryS > durationS) throw new Error(`GATEWAY_LEASE_RETRY_S (${retryS}) must not exceed GATEWAY_LEASE_DURATION_S (${durationS})`);
  return { durationS, renewS, retryS };
}

type Verb = 'get' | 'create' | 'update';

export interface LeaseProblem {
  verb: Verb;
  code: number | undefined;
  reason: 'Forbidden' | 'NamespaceNotFound' | 'Unauthorized' | 'Error';
  message: string;
  since: string;
}

export interface ElectionLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

export function errorCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown };
  return typeof e?.code === 'number' ? e.code : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/** The API server's own words (Status.message) when the error carries them. */
export function apiMessage(err: unknown): string {
  const body = (err as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const m = (JSON.parse(body) as { message?: string }).message;
      if (m) return m;
    } catch {
      /* not JSON */
    }
  } else if (body && typeof (body as { message?: unknown }).message === 'string') return (body as { message: string }).message;
  return String((err as Error)?.message ?? err).split('\n')[0];
}

/** One log line per kind of failure: what failed, why, and what fixes it. */
export function describeLeaseProblem(verb: Verb, code: number | undefined, detail: string): { reason: LeaseProblem['reason']; message: string } {
  const lease = `Lease ${LEASE_NAMESPACE}/${LEASE_NAME}`;
  if (code === 403)
    return {
      reason: 'Forbidden',
      message: `cannot ${verb} ${lease}: forbidden (403): ${detail}. This replica will never write status: grant the gateway's ServiceAccount get/create/update on leases in ${LEASE_NAMESPACE} (deploy/rbac-gateway.yaml, Role portico-gateway-leader-election)`,
    };
  if (code === 401) return { reason: 'Unauthorized', message: `cannot ${verb} ${lease}: unauthorized (401): ${detail}. Check the gateway's credentials (ServiceAccount token or KUBECONFIG)` };
  if (code === 404 && verb === 'create')
    return { reason: 'NamespaceNotFound', message: `namespace ${LEASE_NAMESPACE} does not exist: no leader election, this gateway writes status alone (run one replica, or create the namespace)` };
  return { reason: 'Error', message: `cannot ${verb} ${lease}${code ? ` (${code})` : ''}: ${detail}; retrying` };
}

export interface ElectionMetrics {
  leader: client.Gauge;
  errors: client.Counter<'operation' | 'reason'>;
}

export function electionMetrics(registry: client.Registry): ElectionMetrics {
  return {
    leader: new client.Gauge({ name: 'portico_gateway_leader', help: '1 while this replica holds the status Lease', registers: [registry] }),
    errors: new client.Counter({
      name: 'portico_gateway_leader_election_errors_total',
      help: 'Failed Lease operations, by operation (get/create/update) and reason (Forbidden, NamespaceNotFound, Unauthorized, Error)',
      labelNames: ['operation', 'reason'],
      registers: [registry],
    }),
  };
}

class LeaseOpError extends Error {
  constructor(
    readonly verb: Verb,
    readonly cause: unknown,
  ) {
    super(apiMessage(cause));
  }
}

export class LeaderElector {
  isLeader = false;
  /** The last failure, until an operation succeeds again. */
  problem: LeaseProblem | undefined;
  /** No namespace for the Lease: nobody to coordinate with, this replica writes. */
  private soloReported = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly logged = new Set<string>();

  constructor(
    private readonly client: KubeClient,
    readonly identity: string,
    readonly timings: LeaseTimings,
    private readonly log: ElectionLog,
    private readonly onChange: (leader: boolean) => void,
    private readonly metrics?: ElectionMetrics,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      const was = this.isLeader;
      this.isLeader = await this.tryLead().then(
        (ok) => {
          this.recovered();
          return ok;
        },
        (err: unknown) => {
          this.report(err);
          return false;
        },
      );
      if (this.stopped) return;
      this.metrics?.leader.set(this.isLeader ? 1 : 0);
      if (this.isLeader !== was) {
        if (this.isLeader) this.log.info({ identity: this.identity, lease: `${LEASE_NAMESPACE}/${LEASE_NAME}` }, 'became status leader');
        else this.log.warn({ identity: this.identity }, 'lost status leadership');
        this.onChange(this.isLeader);
      }
      this.timer = setTimeout(tick, (this.isLeader ? this.timings.renewS : this.timings.retryS) * 1000);
      this.timer.unref();
    };
    void tick();
  }

  /** Stop campaigning; a holder hands the Lease back so another replica takes it at its next retry. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.isLeader) return;
    this.isLeader = false;
    this.metrics?.leader.set(0);
    try {
      const lease = await this.client.get<Lease>(LEASE_PATH);
      if (lease.spec?.holderIdentity !== this.identity) return;
      lease.spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(new Date()) };
      await this.client.request('PUT', LEASE_PATH, lease);
      this.log.info({ identity: this.identity }, 'released the status Lease');
    } catch (err) {
      this.log.warn({ err: apiMessage(err) }, 'could not release the status Lease (it expires on its own)');
    }
  }

  status(): Record<string, unknown> {
    return { identity: this.identity, lease: `${LEASE_NAMESPACE}/${LEASE_NAME}`, leader: this.isLeader, ...this.timings, ...(this.problem ? { problem: this.problem } : {}) };
  }

  private async op<T>(verb: Verb, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new LeaseOpError(verb, err);
    }
  }

  private async tryLead(): Promise<boolean> {
    const nowDate = new Date();
    const now = microTime(nowDate);
    let lease: Lease | undefined;
    try {
      lease = await this.op('get', () => this.client.get<Lease>(LEASE_PATH));
    } catch (err) {
      if (errorCode((err as LeaseOpError).cause) !== 404) throw err;
    }
    const { durationS } = this.timings;
    const spec = { holderIdentity: this.identity, leaseDurationSeconds: durationS, renewTime: now, acquireTime: now };
    if (!lease) {
      try {
        const body: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: LEASE_NAME, namespace: LEASE_NAMESPACE }, spec };
        await this.op('create', () => this.client.request('POST', LEASES, body));
        return true;
      } catch (err) {
        const c = errorCode((err as LeaseOpError).cause);
        if (c === 409) return false; // another replica created it first
        if (c === 404) {
          this.solo();
          return true;
        }
        throw err;
      }
    }
    const holder = lease.spec?.holderIdentity;
    const renew = lease.spec?.renewTime ? new Date(lease.spec.renewTime).getTime() : 0;
    const expired = renew + (lease.spec?.leaseDurationSeconds ?? durationS) * 1000 < nowDate.getTime();
    if (holder !== this.identity && holder && !expired) return false;
    const transitions = (lease.spec?.leaseTransitions ?? 0) + (holder === this.identity ? 0 : 1);
    const next: Lease = { ...lease, spec: { ...lease.spec, ...spec, leaseTransitions: transitions, acquireTime: holder === this.identity ? lease.spec?.acquireTime : spec.acquireTime } };
    try {
      await this.op('update', () => this.client.request('PUT', LEASE_PATH, next));
      return true;
    } catch (err) {
      if (errorCode((err as LeaseOpError).cause) === 409) return false; // someone else renewed first
      throw err;
    }
  }

  private solo(): void {
    const { reason, message } = describeLeaseProblem('create', 404, '');
    this.metrics?.errors.labels('create', reason).inc();
    if (!this.soloReported) this.log.warn({ reason }, message);
    this.soloReported = true;
  }

  private report(err: unknown): void {
    const verb = err instanceof LeaseOpError ? err.verb : 'get';
    const cause = err instanceof LeaseOpError ? err.cause : err;
    const code = errorCode(cause);
    const { reason, message } = describeLeaseProblem(verb, code, apiMessage(cause));
    this.metrics?.errors.labels(verb, reason).inc();
    if (!this.problem || this.problem.verb !== verb || this.problem.reason !== reason) this.problem = { verb, code, reason, message, since: new Date().toISOString() };
    // once per (operation, reason) until it recovers: a refused Lease every 2 s must not flood the log
    const key = `${verb}/${reason}`;
    if (this.logged.has(key)) return;
    this.logged.add(key);
    this.log.error({ operation: verb, code, reason }, message);
  }

  private recovered(): void {
    if (!this.problem) return;
    this.log.info({ was: this.problem.reason }, `Lease ${LEASE_NAMESPACE}/${LEASE_NAME}: operations succeed again`);
    this.problem = undefined;
    this.logged.clear();
  }
}

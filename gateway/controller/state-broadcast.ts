// Primary side of GATEWAY_WORKERS > 1: routing state goes to workers as per-object deltas
// (state-delta.ts); a worker that joins, or asks because it missed a step, gets the whole state.
// Counts what it sends, and what each worker says it applied, for /config (stateSync).
import type { ClusterState } from '@/lib/routing';
import { StateDeltaEncoder, stateFingerprint, type StateDelta } from './state-delta';
import type { EndpointSliceLike } from '../proxy/endpoints';

export type WorkerMessage =
  | { type: 'state'; version: number; state: ClusterState; since: number; sentAt: number; fingerprint?: string }
  | { type: 'delta'; version: number; base: number; delta: StateDelta; since: number; sentAt: number; fingerprint: string }
  | { type: 'slices'; slices: EndpointSliceLike[] }
  | { type: 'slice'; op: 'put' | 'delete'; slice: EndpointSliceLike };

/** Worker -> primary after a state or delta message. */
export interface AppliedReport {
  type: 'applied';
  version: number;
  fingerprint: string;
}

export interface WorkerLink {
  readonly id: number;
  send(m: WorkerMessage): void;
}

/** cluster IPC uses JSON serialization: the bytes a message costs on the channel. */
export const messageBytes = (m: WorkerMessage): number => Buffer.byteLength(JSON.stringify(m)) + 1;

export class StateBroadcaster {
  private encoder = new StateDeltaEncoder();
  private current?: { version: number; state: ClusterState; since: number; sentAt: number; fingerprint: string };
  private applied = new Map<number, { version: number; fingerprint: string }>();
  readonly stats = { messages: 0, bytes: 0, fullStates: 0, deltas: 0, lastChange: { version: 0, messages: 0, bytes: 0 } };

  constructor(private readonly workers: () => Iterable<WorkerLink>) {}

  /** A new routing state: one delta to every live worker. */
  publishState(version: number, state: ClusterState, since: number, sentAt: number): void {
    const fingerprint = stateFingerprint(state);
    const base = this.current?.version;
    const delta = this.encoder.encode(state);
    this.current = { version, state, since, sentAt, fingerprint };
    const m: WorkerMessage = base === undefined ? { type: 'state', ...this.current } : { type: 'delta', version, base, delta, since, sentAt, fingerprint };
    this.stats.lastChange = { version, messages: 0, bytes: 0 };
    this.sendAll(m);
  }

  /** Endpoint slice messages (already per object) go out as they are. */
  publish(m: WorkerMessage): void {
    this.sendAll(m);
  }

  /** A worker that joined or lost track: the whole current state. */
  sendFull(w: WorkerLink): void {
    if (this.current) this.send(w, { type: 'state', ...this.current });
  }

  onApplied(w: WorkerLink, r: AppliedReport): void {
    this.applied.set(w.id, { version: r.version, fingerprint: r.fingerprint });
  }

  forget(w: WorkerLink): void {
    this.applied.delete(w.id);
  }

  report(): Record<string, unknown> {
    const c = this.current;
    return {
      version: c?.version ?? 0,
      fingerprint: c?.fingerprint,
      ...this.stats,
      // what one worker would get per change if the whole state were sent (computed on request)
      wholeStateBytes: c ? messageBytes({ type: 'state', ...c }) : 0,
      workers: [...this.applied].map(([id, a]) => ({ id, ...a, inSync: !!c && a.version === c.version && a.fingerprint === c.fingerprint })),
    };
  }

  private sendAll(m: WorkerMessage): void {
    let bytes: number | undefined;
    for (const w of this.workers()) this.send(w, m, (bytes ??= messageBytes(m)));
  }

  private send(w: WorkerLink, m: WorkerMessage, bytes = messageBytes(m)): void {
    this.stats.messages++;
    this.stats.bytes += bytes;
    if (m.type === 'state') this.stats.fullStates++;
    else if (m.type === 'delta') this.stats.deltas++;
    if ((m.type === 'state' || m.type === 'delta') && m.version === this.stats.lastChange.version) {
      this.stats.lastChange.messages++;
      this.stats.lastChange.bytes += bytes;
    }
    w.send(m);
  }
}

/**
 * Caps on open live-update streams (server-sent events): per session and per console process.
 * A stream holds cluster watches for as long as it is open, so without a cap a dozen tabs or
 * one script could starve every other request of cluster connections.
 *   PORTICO_MAX_STREAMS_PER_SESSION  default 6   (a few tabs of one person)
 *   PORTICO_MAX_STREAMS              default 200 (the whole process)
 * A value that is not a positive integer stops the console at start, naming the variable.
 */
export const PER_SESSION_VARIABLE = 'PORTICO_MAX_STREAMS_PER_SESSION';
export const TOTAL_VARIABLE = 'PORTICO_MAX_STREAMS';

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new Error(`${name}: "${v.slice(0, 32)}" is not a positive whole number`);
  return Number(v);
}

export function streamLimits(env: Record<string, string | undefined> = process.env): { perSession: number; total: number } {
  return { perSession: positiveInt(env, PER_SESSION_VARIABLE, 6), total: positiveInt(env, TOTAL_VARIABLE, 200) };
}

export type SlotRefusal = { scope: 'session' | 'process'; limit: number };

export class StreamSlots {
  private readonly open = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: () => { perSession: number; total: number } = streamLimits) {}

  /** A release function, or why no slot is free. Release is idempotent. */
  acquire(session: string): (() => void) | SlotRefusal {
    const { perSession, total } = this.limits();
    const mine = this.open.get(session) ?? 0;
    if (mine >= perSession) return { scope: 'session', limit: perSession };
    if (this.total >= total) return { scope: 'process', limit: total };
    this.open.set(session, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const n = (this.open.get(session) ?? 1) - 1;
      if (n <= 0) this.open.delete(session);
      else this.open.set(session, n);
    };
  }

  count(session?: string): number {
    return session === undefined ? this.total : (this.open.get(session) ?? 0);
  }
}

const g = globalThis as unknown as { __porticoStreamSlots?: StreamSlots };
/** The process's slots (on globalThis so every route module instance shares them). */
export const streamSlots = (g.__porticoStreamSlots ??= new StreamSlots());

export function refusalMessage(r: SlotRefusal): string {
  return r.scope === 'session'
    ? `Too many live-update streams for this session (at most ${r.limit}; ${PER_SESSION_VARIABLE}): close other tabs of this console.`
    : `The console has too many live-update streams open (at most ${r.limit}; ${TOTAL_VARIABLE}); try again later.`;
}

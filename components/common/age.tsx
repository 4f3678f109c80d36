'use client';
import { useSyncExternalStore } from 'react';

export function formatAge(ts: string, now: number): string {
  const t = Date.parse(ts);
  if (!ts || Number.isNaN(t)) return '-';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

// One shared clock for every <Age>: ticks every 30s while any is mounted.
let clockNow = 0;
let clockTimer: ReturnType<typeof setInterval> | undefined;
const clockListeners = new Set<() => void>();

function subscribeClock(listener: () => void): () => void {
  if (clockListeners.size === 0) {
    clockNow = Date.now();
    clockTimer = setInterval(() => {
      clockNow = Date.now();
      clockListeners.forEach((l) => l());
    }, 30_000);
  }
  clockListeners.add(listener);
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0) clearInterval(clockTimer);
  };
}

/** Relative age that re-renders every 30s; empty on the server so hydration never mismatches. */
export function Age({ ts }: { ts: string }) {
  const now = useSyncExternalStore(subscribeClock, () => clockNow || Date.now(), () => null);
  return <time dateTime={ts} title={ts} suppressHydrationWarning>{now === null ? '' : formatAge(ts, now)}</time>;
}

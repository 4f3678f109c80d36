'use client';
import { useEffect, useState } from 'react';

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

/** Relative age that re-renders every 30s (and avoids hydration mismatch by starting from the server time). */
export function Age({ ts }: { ts: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return <time dateTime={ts} title={ts} suppressHydrationWarning>{now === null ? '' : formatAge(ts, now)}</time>;
}

// Passive (and optional active) health of one upstream endpoint.
// Passive: a connect error ejects at once; N consecutive 5xx eject too. An ejected endpoint
// comes back after a backoff that doubles with each ejection in a row (capped).

export interface HealthConfig {
  consecutive5xx: number;
  baseEjectMs: number;
  maxEjectMs: number;
}

export const defaultHealthConfig: HealthConfig = { consecutive5xx: 5, baseEjectMs: 2_000, maxEjectMs: 30_000 };

export class HealthState {
  consecutive5xx = 0;
  /** consecutive ejections without a success in between (for backoff) */
  ejections = 0;
  ejectedUntil = 0;
  lastError: string | undefined;
  /** Active checks: false = failing. undefined when not checked. */
  activeOk: boolean | undefined;

  available(now: number): boolean {
    return this.ejectedUntil <= now && this.activeOk !== false;
  }

  onSuccess(): void {
    this.consecutive5xx = 0;
    if (this.ejectedUntil === 0) this.ejections = 0;
  }

  /** A response arrived; returns true if this ejected the endpoint. */
  onStatus(status: number, now: number, cfg: HealthConfig = defaultHealthConfig): boolean {
    if (status >= 500) {
      this.consecutive5xx++;
      if (this.consecutive5xx >= cfg.consecutive5xx) {
        this.lastError = `${this.consecutive5xx} consecutive ${status} responses`;
        this.eject(now, cfg);
        return true;
      }
      return false;
    }
    this.consecutive5xx = 0;
    if (this.ejectedUntil !== 0 && this.ejectedUntil <= now) {
      // first success after an ejection ended: fully healthy again
      this.ejectedUntil = 0;
      this.ejections = 0;
    }
    return false;
  }

  onConnectError(message: string, now: number, cfg: HealthConfig = defaultHealthConfig): void {
    this.lastError = message;
    this.eject(now, cfg);
  }

  private eject(now: number, cfg: HealthConfig): void {
    const ms = Math.min(cfg.maxEjectMs, cfg.baseEjectMs * 2 ** Math.min(this.ejections, 16));
    this.ejections++;
    this.ejectedUntil = now + ms;
    this.consecutive5xx = 0;
  }

  toJSON(now = Date.now()) {
    return {
      available: this.available(now),
      ejectedForMs: this.ejectedUntil > now ? this.ejectedUntil - now : 0,
      ejections: this.ejections,
      consecutive5xx: this.consecutive5xx,
      activeOk: this.activeOk,
      lastError: this.lastError,
    };
  }
}

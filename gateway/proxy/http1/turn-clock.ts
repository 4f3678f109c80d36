// Date.now() once per socket read on the hot path: an exchange used to read the clock about ten
// times (timeouts, idle marks, balancing, health, the Date header), and in V8 each is a runtime
// call plus a clock read, ~3 % of the gateway's CPU (perf, RESULTS.md session 6). Inside a read
// callback every reader gets the time the callback began (the deadlines it feeds are whole
// milliseconds and swept every 25-100 ms); anywhere else now() is Date.now().

let cached = 0;

/** Date.now(), or the time the current socket read began. */
export function now(): number {
  return cached !== 0 ? cached : Date.now();
}

/** A read callback begins. True when this call opened the turn (only the opener ends it). */
export function beginTurn(): boolean {
  if (cached !== 0) return false;
  cached = Date.now();
  return true;
}

export function endTurn(): void {
  cached = 0;
}

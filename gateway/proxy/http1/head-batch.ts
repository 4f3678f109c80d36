// Response heads wait for their first body bytes until the end of the current turn, so a small
// response leaves in one write. That "end of turn" used to be a nextTick per response; while an
// upstream read is being parsed (where almost every proxied head is written) it is instead the
// end of that read: no nextTick queue to run, and no Map that node 20 allocates each time it
// runs one (processPromiseRejections).

export interface PendingHead {
  flushHead(): void;
}

let batch: PendingHead[] | null = null;
const spare: PendingHead[] = [];

function flushOne(res: PendingHead): void {
  res.flushHead();
}

/** Write `res`'s head at the end of the current upstream read, or of this tick outside one. */
export function flushHeadLater(res: PendingHead): void {
  if (batch !== null) batch.push(res);
  else process.nextTick(flushOne, res);
}

/** An upstream read starts: heads held from now on wait for closeHeadBatch(). False when one is
 * already open (a nested read): only the opener closes it. */
export function openHeadBatch(): boolean {
  if (batch !== null) return false;
  batch = spare;
  return true;
}

/** The read is parsed: write the heads that did not leave with their body. */
export function closeHeadBatch(): void {
  const b = batch;
  batch = null;
  if (b === null) return;
  // flushHead is a no-op for heads that already left with their body
  for (let i = 0; i < b.length; i++) b[i].flushHead();
  b.length = 0;
}

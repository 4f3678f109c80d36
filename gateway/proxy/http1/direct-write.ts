// One write straight to a socket's libuv handle, skipping net.Socket's Writable machinery, when
// that machinery has nothing queued. On the proxy's hot path every exchange makes two writes
// (the request head upstream, the whole small response to the client); through Writable each
// costs a state machine pass, a callback and a nextTick (afterWriteTick), and every nextTick
// batch makes node 20 allocate a Map in processPromiseRejections: together about a tenth of the
// gateway's CPU and allocations (bench/gateway/RESULTS.md, session 6). The handle orders writes
// itself (libuv queues them), so a direct write that cannot finish at once and a later
// socket.write() still leave in order; end()/destroySoon() shut down only after the handle's
// queue drains. Falls back to socket.write() when the runtime lacks the binding.
import type { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';

interface WriteReq {
  oncomplete: (this: WriteReq, status: number) => void;
  /** keeps a Buffer alive while libuv still writes it */
  buffer: Uint8Array | null;
  socket: Socket | null;
}

interface StreamHandle {
  writeBuffer(req: WriteReq, data: Uint8Array): number;
  writeLatin1String(req: WriteReq, data: string): number;
}

interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}

type SocketInternals = Socket & { _handle?: StreamHandle | null; [PENDING]?: number };

const PENDING = Symbol('portico.directWritesPending');

function loadBinding(): StreamWrapBinding | undefined {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof b.WriteWrap === 'function' && b.streamBaseState instanceof Int32Array && typeof b.kLastWriteWasAsync === 'number') return b as StreamWrapBinding;
  } catch {
    /* not offered by this runtime: socket.write() it is */
  }
  return undefined;
}

const binding = loadBinding();

let spareReq: WriteReq | undefined;

function newReq(b: StreamWrapBinding): WriteReq {
  const req = new b.WriteWrap();
  req.oncomplete = onComplete;
  req.buffer = null;
  req.socket = null;
  return req;
}

/** An unfinished direct write ended: an error fails the socket, as net does. */
function onComplete(this: WriteReq, status: number): void {
  const socket = this.socket as SocketInternals | null;
  this.buffer = null;
  this.socket = null;
  if (!socket) return;
  socket[PENDING] = (socket[PENDING] ?? 1) - 1;
  if (status < 0 && !socket.destroyed) socket.destroy(writeError(status));
}

function writeError(status: number): Error {
  const code = getSystemErrorName(status);
  return Object.assign(new Error(`write ${code}`), { code, errno: status, syscall: 'write' });
}

/**
 * Write `data` (strings as latin1) now. Returns false when the socket failed (never for
 * backpressure: meant for whole messages, a request head or a complete small response).
 */
export function writeNow(socket: Socket, data: Buffer | string): boolean {
  const handle = (socket as SocketInternals)._handle;
  // TLS sockets keep net's path: encryption dominates there, and their handle reports writes differently
  if (binding === undefined || handle == null || (socket as { encrypted?: boolean }).encrypted === true || socket.connecting || socket.writableLength !== 0 || socket.writableCorked !== 0 || !socket.writable || socket.destroyed) {
    if (socket.destroyed) return false;
    if (typeof data === 'string') socket.write(data, 'latin1');
    else socket.write(data);
    return !socket.destroyed;
  }
  // a request object that never went to libuv (the write finished at once) is used again
  const req = spareReq ?? newReq(binding);
  spareReq = undefined;
  const err = typeof data === 'string' ? handle.writeLatin1String(req, data) : handle.writeBuffer(req, data);
  if (err !== 0) {
    socket.destroy(writeError(err));
    return false;
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync] === 0) spareReq = req;
  else {
    // the kernel took part of it: libuv writes the rest (a string's bytes were copied already)
    // and owns `req` until onComplete
    if (typeof data !== 'string') req.buffer = data;
    req.socket = socket;
    const s = socket as SocketInternals;
    s[PENDING] = (s[PENDING] ?? 0) + 1;
  }
  return true;
}

/** Bytes still on their way out of this process (net's buffer, or a direct write libuv finishes). */
export function hasUnsentBytes(socket: Socket): boolean {
  return socket.writableLength > 0 || ((socket as SocketInternals)[PENDING] ?? 0) > 0;
}

/** Whether direct writes are in use (the runtime offers the binding). */
export const directWrites = binding !== undefined;

// Reads of plain-TCP client connections straight into the HTTP/1.1 core's parser: the handle
// reads into one shared buffer (what net's documented `onread` option does for sockets the
// gateway connects; accepted sockets cannot be given that option) and the bytes go to the
// connection's parser synchronously. Through net's Readable every read cost a fresh ArrayBuffer
// and Buffer, a push, a 'data' emit and a nextTick (maybeReadMore), and each batch of nextTicks
// costs node 20 a Map allocation (processPromiseRejections). End of stream and read errors still
// go through net's own handler, so 'end', 'error' and 'close' behave as before. When the
// connection lets go of the socket (Upgrade, protocol error) the bytes are copied into the
// socket's stream, as net would have done.
import type { Socket } from 'node:net';

const SINK = Symbol('portico.readSink');
const OWNER = Symbol('portico.readOwner');

/** Gets `n` fresh bytes in `buf` (the shared buffer: valid only during the call). */
export type ReadSink = (buf: Buffer, n: number) => void;

interface ReadHandle {
  reading: boolean;
  onread: (this: ReadHandle, arrayBuffer?: ArrayBuffer) => unknown;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buf: Uint8Array): void;
  [SINK]?: ReadSink | null;
  [OWNER]?: Socket;
}

interface StreamState {
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
}

function loadState(): StreamState | undefined {
  try {
    const b = (process as unknown as { binding(name: string): Partial<StreamState> }).binding('stream_wrap');
    if (b.streamBaseState instanceof Int32Array && typeof b.kReadBytesOrError === 'number') return b as StreamState;
  } catch {
    /* not offered by this runtime: the connection reads through net's stream */
  }
  return undefined;
}

const state = loadState();
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** net's own read handler (stream_base_commons' onStreamRead), taken from the first handle */
let netOnRead: ReadHandle['onread'] | undefined;

function handleOf(socket: Socket): ReadHandle | undefined {
  return (socket as unknown as { _handle?: ReadHandle | null })._handle ?? undefined;
}

function onRead(this: ReadHandle, arrayBuffer?: ArrayBuffer): unknown {
  const n = state!.streamBaseState[state!.kReadBytesOrError];
  if (n <= 0) return netOnRead!.call(this, arrayBuffer); // 0, end of stream, errors: net's way
  const sink = this[SINK];
  if (sink) {
    sink(READ_BUFFER, n);
    return undefined;
  }
  // the connection let go of the socket: its stream gets the bytes (copied out of the shared buffer)
  const socket = this[OWNER]!;
  if (socket.destroyed) return undefined;
  if (!socket.push(Buffer.from(READ_BUFFER.subarray(0, n)))) {
    this.reading = false;
    this.readStop();
  }
  return undefined;
}

/** Send the socket's bytes to `sink` from now on. False: not possible here (TLS, no binding); read through net. */
export function readInto(socket: Socket, sink: ReadSink): boolean {
  const handle = handleOf(socket);
  if (state === undefined || handle === undefined || (socket as { encrypted?: boolean }).encrypted === true || typeof handle.useUserBuffer !== 'function') return false;
  netOnRead ??= handle.onread;
  if (handle.onread !== netOnRead) return false; // not net's plain handler: leave it alone
  handle.useUserBuffer(READ_BUFFER);
  handle[SINK] = sink;
  handle[OWNER] = socket;
  handle.onread = onRead;
  return true;
}

/** The sink no longer wants bytes: they go to the socket's stream (paused or piped by its new owner). */
export function stopReadingInto(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle) handle[SINK] = null;
}

/** Stop taking bytes from the kernel (backpressure) while a sink reads the socket. */
export function pauseReads(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle?.reading) {
    handle.reading = false;
    handle.readStop();
  }
}

export function resumeReads(socket: Socket): void {
  const handle = handleOf(socket);
  if (handle && !handle.reading && !socket.destroyed) {
    handle.reading = true;
    handle.readStart();
  }
}

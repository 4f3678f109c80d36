/**
 * GET /api/v1/namespaces/{ns}/pods/{name}/log (kubectl logs [-f] [-c] [--tail] [--timestamps]
 * [--since]): served from the pod runtime's log buffers when controllers run.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../store/errors';
import type { KubeObject } from '../store/registry';

export interface LogQuery {
  tailLines?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

/** What the pod runtime provides (devcluster/runtime/pod-runtime.ts). */
export interface PodLogSource {
  readLogs(namespace: string, pod: string, container: string | undefined, query: LogQuery): string | undefined;
  followLogs(namespace: string, pod: string, container: string | undefined, listener: (line: string) => void, timestamps?: boolean): (() => void) | undefined;
}

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw new ApiError(400, 'BadRequest', `${name}: Invalid value: ${JSON.stringify(v)}: must be a non-negative integer`);
  return Number(v);
}

export function servePodLogs(req: IncomingMessage, res: ServerResponse, pod: KubeObject, q: URLSearchParams, source: PodLogSource | undefined): void {
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name!;
  const names = (((pod.spec as { containers?: Array<{ name?: string }> } | undefined)?.containers ?? []).map((c) => c.name ?? ''));
  const container = q.get('container') || undefined;
  if (container && !names.includes(container)) throw new ApiError(400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
  if (!container && names.length > 1) throw new ApiError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
  const query: LogQuery = { tailLines: intParam(q, 'tailLines'), sinceSeconds: intParam(q, 'sinceSeconds'), timestamps: GO_TRUE.has(q.get('timestamps') ?? '') };
  const follow = GO_TRUE.has(q.get('follow') ?? '');
  const text = source?.readLogs(ns, name, container, query) ?? '';
  if (!follow) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (text) res.write(text);
  const stop = source?.followLogs(ns, name, container, (line) => res.write(line.endsWith('\n') ? line : `${line}\n`), query.timestamps);
  const close = () => {
    stop?.();
    if (!res.writableEnded) res.end();
  };
  req.on('close', close);
  res.on('close', close);
}

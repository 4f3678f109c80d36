import { setMaxListeners } from 'node:events';
import { cookies } from 'next/headers';
import { SESSION_COOKIE } from '@/server/auth/session';
import { validSession } from '@/server/auth/sessions';
import { refusalMessage, streamSlots } from '@/server/auth/stream-slots';
import { getKubeClient } from '@/server/kube/request-client';
import { WATCHED, type ChangeMessage } from '@/server/kube/watch-stream';
import { followShared } from '@/server/live/shared-watch';
import { projectName } from '@/server/kube/validate';

export const dynamic = 'force-dynamic';

/** How often an open stream checks that its session still exists (sign-out, revocation end it). */
const SESSION_RECHECK_MS = 5_000;

/**
 * Server-sent events: every change to the project's routes, services, endpoints, pods and
 * events, fanned out from the console's shared watches (server/live/shared-watch.ts).
 */
export async function GET(request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  if (!projectName.safeParse(project).success) return new Response('invalid project', { status: 400 });
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = await validSession(cookie);
  if (!session) return new Response('Sign in first.', { status: 401, headers: { 'content-type': 'text/plain' } });
  const kube = await getKubeClient();
  // A capped number of streams per session and process (each costs memory and fan-out work,
  // and a direct watch for kinds the shared informers cannot serve).
  const slot = streamSlots.acquire(session.sid);
  if (typeof slot !== 'function') return new Response(refusalMessage(slot), { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '30' } });
  const abort = new AbortController();
  setMaxListeners(32, abort.signal); // one per watched kind, plus the stream's own
  abort.signal.addEventListener('abort', slot);
  // Node holds a Request's signal weakly from its source: the heartbeat below keeps a reference
  // (and checks it), so a client that left is noticed even if the event was lost with the object.
  const clientSignal = request.signal;
  clientSignal.addEventListener('abort', () => abort.abort());
  // An ended session ends its streams too.
  const sessionCheck = setInterval(() => {
    void validSession(cookie).then((s) => {
      if (!s) abort.abort();
    });
  }, SESSION_RECHECK_MS);
  abort.signal.addEventListener('abort', () => clearInterval(sessionCheck));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        if (abort.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          abort.abort();
        }
      };
      send('ready', { project, resources: WATCHED });
      const heartbeat = setInterval(() => {
        if (clientSignal.aborted) return abort.abort();
        try {
          controller.enqueue(encoder.encode(`: ping\n\n`));
        } catch {
          abort.abort();
        }
      }, 15_000);
      abort.signal.addEventListener('abort', () => {
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
      for (const resource of WATCHED) {
        void followShared(
          kube,
          resource,
          project,
          abort.signal,
          (m: ChangeMessage) => send('change', m),
          (r, err) => send('watch-error', { resource: r, message: err instanceof Error ? err.message : String(err) }),
        );
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}

import { currentSession } from '@/server/auth/current';
import { refusalMessage, streamSlots } from '@/server/auth/stream-slots';
import { followResource, WATCHED, type ChangeMessage } from '@/server/kube/watch-stream';
import { projectName } from '@/server/kube/validate';

export const dynamic = 'force-dynamic';

/** Server-sent events: every change to the project's routes, services, endpoints, pods and events. */
export async function GET(request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  if (!projectName.safeParse(project).success) return new Response('invalid project', { status: 400 });
  const session = await currentSession();
  if (!session) return new Response('Sign in first.', { status: 401, headers: { 'content-type': 'text/plain' } });
  // A capped number of streams per session and process (each holds cluster watches while open).
  const slot = streamSlots.acquire(session.sid);
  if (typeof slot !== 'function') return new Response(refusalMessage(slot), { status: 429, headers: { 'content-type': 'text/plain', 'retry-after': '30' } });
  const abort = new AbortController();
  abort.signal.addEventListener('abort', slot);
  request.signal.addEventListener('abort', () => abort.abort());
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
        void followResource(
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

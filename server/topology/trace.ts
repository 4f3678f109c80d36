'use server';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import type { RouteTestAnswer } from '@/lib/topology';
import { groupResource } from '@/lib/k8s/kinds';
import { canI } from '../auth/access';
import { getKubeClient } from '../kube';
import { parseInput } from '../kube/guard';
import { projectName } from '../kube/validate';
import { gatewayEndpoints } from '../queries/gateway';
import { adminGet, GatewayAdminError } from '../queries/gateway-admin';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE'] as const;

const traceInput = z.object({
  method: z.enum(METHODS, { message: `method must be one of ${METHODS.join(', ')}` }),
  url: z
    .string()
    .min(1, 'url is required')
    .max(4096)
    .refine((u) => u.startsWith('/') || /^https?:\/\/[^\s/]+(\/\S*)?$/i.test(u), 'url must be a path starting with "/" or an http(s):// URL'),
  headers: z
    .array(z.string().max(8192).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:.*$/, 'header must be "Name: value"'))
    .max(50),
});

export type TraceInput = z.infer<typeof traceInput>;

/**
 * Asks the gateway (admin API /routes/test, from the server) which route, backend and
 * endpoint a request would take. The browser never talks to the gateway's admin port.
 * Only for a user who may read the project, and scoped to it: a request another project's
 * route would serve comes back as "served by another project", without names or pods.
 */
export async function traceRequestAction(project: string, input: TraceInput): Promise<ActionResult<RouteTestAnswer>> {
  const p = parseInput(projectName, project);
  if (!p.ok) return p;
  const i = parseInput(traceInput, input);
  if (!i.ok) return i;
  const kube = await getKubeClient();
  const allowed = await canI(kube, { verb: 'list', ...groupResource('Ingress'), namespace: p.data }).catch(() => false);
  if (!allowed) return { ok: false, status: 403, reason: 'Forbidden', message: `You may not read project ${p.data}`, fieldErrors: [] };
  const e = gatewayEndpoints();
  const q = new URLSearchParams({ method: i.data.method, url: i.data.url });
  for (const h of i.data.headers) q.append('header', h);
  try {
    const res = await adminGet('/routes/test', { query: q, scope: { namespaces: [p.data] }, timeoutMs: 3000 });
    if (typeof res.body !== 'object' || res.body === null) return { ok: false, status: 502, reason: 'BadGateway', message: `the gateway admin API answered ${res.status} with non-JSON`, fieldErrors: [] };
    const body = res.body as RouteTestAnswer & { error?: string };
    if (res.status === 400) return { ok: false, status: 400, reason: 'Invalid', message: body.error ?? 'bad request', fieldErrors: [] };
    if (res.status !== 200) return { ok: false, status: res.status, reason: 'Unavailable', message: body.error ?? `gateway admin API answered ${res.status}`, fieldErrors: [] };
    return { ok: true, value: body };
  } catch (err) {
    if (err instanceof GatewayAdminError) return { ok: false, status: 502, reason: 'GatewayAdminRefused', message: err.message, fieldErrors: [] };
    return {
      ok: false,
      status: 503,
      reason: 'Unavailable',
      message: `the gateway admin API at ${e.adminUrl} is not reachable (${(err as Error).message})`,
      fieldErrors: [],
    };
  }
}

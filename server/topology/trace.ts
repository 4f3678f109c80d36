'use server';
import { request } from 'undici';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import type { RouteTestAnswer } from '@/lib/topology';
import { parseInput } from '../kube/guard';
import { projectName } from '../kube/validate';
import { gatewayAdminUrl, gatewayEndpoints } from '../queries/gateway';

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
 */
export async function traceRequestAction(project: string, input: TraceInput): Promise<ActionResult<RouteTestAnswer>> {
  const p = parseInput(projectName, project);
  if (!p.ok) return p;
  const i = parseInput(traceInput, input);
  if (!i.ok) return i;
  const e = gatewayEndpoints();
  const q = new URLSearchParams({ method: i.data.method, url: i.data.url });
  for (const h of i.data.headers) q.append('header', h);
  try {
    const res = await request(`${gatewayAdminUrl()}/routes/test?${q}`, { headersTimeout: 3000, bodyTimeout: 3000 });
    const text = await res.body.text();
    let body: RouteTestAnswer & { error?: string };
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, status: 502, reason: 'BadGateway', message: `the gateway admin API answered ${res.statusCode} with non-JSON`, fieldErrors: [] };
    }
    if (res.statusCode === 400) return { ok: false, status: 400, reason: 'Invalid', message: body.error ?? 'bad request', fieldErrors: [] };
    if (res.statusCode !== 200) return { ok: false, status: res.statusCode, reason: 'Unavailable', message: body.error ?? `gateway admin API answered ${res.statusCode}`, fieldErrors: [] };
    return { ok: true, value: body };
  } catch (err) {
    return {
      ok: false,
      status: 503,
      reason: 'Unavailable',
      message: `the gateway admin API at ${e.adminUrl} is not reachable (${(err as Error).message})`,
      fieldErrors: [],
    };
  }
}

'use server';
import { isIP } from 'node:net';
import { request } from 'undici';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { SYSTEM_NAMESPACE } from '@/lib/defaults';
import { groupResource } from '@/lib/k8s/kinds';
import { canI } from '../auth/access';
import { asResult, getKubeClient, invalid } from '../kube';
import { parseInput } from '../kube/guard';
import { objectName, projectName } from '../kube/validate';
import { gatewayTrafficUrls, pickGatewayService } from '../queries/gateway';

export interface TryItResult {
  url: string;
  /** The gateway address:port the request went to (the Access table's address for `npm start`). */
  sentTo: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The pod that answered, when the backend is an echo server. */
  pod?: string;
  durationMs: number;
}

const tryInput = z.object({
  host: z.string().max(253).regex(/^[a-zA-Z0-9.*-]*$/, 'host must be a DNS name'),
  path: z.string().min(1).max(2048).startsWith('/', 'path must start with "/"'),
  https: z.boolean(),
});

/**
 * Sends one request through the gateway from the server (never anywhere else) and reports
 * what came back: status, headers, and the echo pod's name when it answered.
 */
export async function tryRouteAction(project: string, name: string, input: { host: string; path: string; https: boolean }): Promise<ActionResult<TryItResult>> {
  const p = parseInput(z.object({ project: projectName, name: objectName }), { project, name });
  if (!p.ok) return p;
  const i = parseInput(tryInput, input);
  if (!i.ok) return i;
  // Only someone who may read the route may send traffic to it from the console.
  const kube = await getKubeClient();
  const allowed = await canI(kube, { verb: 'get', ...groupResource('Ingress'), namespace: p.data.project }).catch(() => false);
  if (!allowed) return { ok: false, status: 403, reason: 'Forbidden', message: `You may not read routes in project ${p.data.project}`, fieldErrors: [] };
  let traffic: ReturnType<typeof gatewayTrafficUrls>;
  try {
    traffic = gatewayTrafficUrls();
  } catch (err) {
    return { ok: false, status: 500, reason: 'GatewayMisconfigured', message: (err as Error).message, fieldErrors: [] };
  }
  const target = i.data.https ? traffic.https : traffic.http;
  // A wildcard host is tried with a concrete name under it; no host: the gateway's address, as
  // the Access tab's curl line sends it.
  const host = i.data.host.replace(/^\*\./, `try.`) || target.hostname;
  const port = target.port || (i.data.https ? '443' : '80');
  const defaultPort = (i.data.https && port === '443') || (!i.data.https && port === '80');
  const hostHeader = defaultPort ? host : `${host}:${port}`;
  const url = `${target.protocol}//${hostHeader}${i.data.path}`;
  const started = Date.now();
  try {
    // Concatenated, never resolved: a path like "//host/x" must not change the destination.
    const res = await request(`${target.origin}${i.data.path}`, {
      method: 'GET',
      headers: { host: hostHeader, 'user-agent': 'portico-console-try-it' },
      headersTimeout: 5000,
      bodyTimeout: 5000,
      dispatcher: i.data.https ? await httpsDispatcher(host) : undefined,
    });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    let pod: string | undefined;
    try {
      const j = JSON.parse(text);
      if (j && typeof j.pod === 'string') pod = j.pod;
    } catch {
      /* not the echo server */
    }
    return { ok: true, value: { url, sentTo: target.host, status: res.statusCode, headers, body: text.slice(0, 4096), pod, durationMs: Date.now() - started } };
  } catch (err) {
    return { ok: false, status: 502, reason: 'GatewayUnreachable', message: `Could not reach the gateway at ${target.host}: ${(err as Error).message}`, fieldErrors: [] };
  }
}

async function httpsDispatcher(servername: string) {
  const { Agent } = await import('undici');
  // The gateway picks the certificate by SNI; self-signed demo certificates are expected.
  return new Agent({ connect: { servername: servername === 'localhost' || isIP(servername.replace(/^\[|\]$/g, '')) ? undefined : servername, rejectUnauthorized: false }, pipelining: 0 });
}

/** Switches the gateway Service between NodePort and LoadBalancer. */
export async function setGatewayAccessMethodAction(type: 'NodePort' | 'LoadBalancer'): Promise<ActionResult<{ type: string }>> {
  if (type !== 'NodePort' && type !== 'LoadBalancer') return invalid('type must be NodePort or LoadBalancer', [{ field: 'spec.type', message: 'must be NodePort or LoadBalancer' }]);
  return asResult(async () => {
    const kube = await getKubeClient();
    const list = await kube.list('services', SYSTEM_NAMESPACE);
    const svc = pickGatewayService(list.items);
    if (!svc) throw new Error(`no gateway Service found in ${SYSTEM_NAMESPACE}`);
    await kube.mergePatch('services', SYSTEM_NAMESPACE, svc.metadata.name, { spec: { type } });
    return { type };
  });
}

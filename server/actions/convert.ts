'use server';
/**
 * "Convert to Gateway API" on an Ingress page. Both actions read and write as the signed-in
 * user (the cluster's RBAC decides), and the move recomputes the proposal on the server from
 * the live objects: the browser only names the Ingress, the Gateway and whether the listed
 * differences are accepted, never the manifests to create.
 */
import { z } from 'zod';
import { stringify } from 'yaml';
import type { ActionResult } from '@/lib/console/action-result';
import type { GatewayChoice } from '@/lib/console/rows';
import type { HTTPRouteInput, IngressInput, ServiceInput } from '@/lib/routing/types';
import { planConversion, type ConversionPlan } from '@/lib/routing/convert';
import { asResult, invalid } from '../kube/errors';
import { parseInput } from '../kube/guard';
import { objectName, projectName } from '../kube/validate';
import { getKubeClient } from '../kube/request-client';
import { KubeError } from '../kube/errors';
import { getGatewayChoices } from '../queries/gateway-choices';
import { moveTraffic, type MoveClient, type MoveResult } from '../migrate/move-traffic';

const input = z.object({
  project: projectName,
  name: objectName,
  gateway: z.object({ namespace: projectName, name: objectName }).optional(),
});

export interface ConversionView {
  plan: ConversionPlan;
  /** the proposed routes as one YAML stream */
  yaml: string;
  choices: GatewayChoice[];
  gateway?: { namespace: string; name: string };
}

async function plan(project: string, name: string, gateway?: { namespace: string; name: string }): Promise<ConversionView> {
  const kube = await getKubeClient();
  const [ingresses, services, routes, choices] = await Promise.all([
    kube.list<IngressInput>('ingresses', project),
    kube.list<ServiceInput>('services', project),
    kube.list<HTTPRouteInput>('httproutes', project).catch((e: unknown) => {
      if (e instanceof KubeError && e.code === 404) return { items: [] as HTTPRouteInput[] };
      throw e;
    }),
    getGatewayChoices(project, 'HTTPRoute'),
  ]);
  const ing = ingresses.items.find((i) => i.metadata.name === name);
  if (!ing) throw new KubeError(404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `Ingress ${name} not found in project ${project}` });
  const chosen = gateway ? choices.find((c) => c.namespace === gateway.namespace && c.name === gateway.name) : (choices.find((c) => c.namespace === 'portico-system' && c.name === 'portico') ?? choices[0]);
  if (gateway && !chosen) throw new KubeError(422, { kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, message: `gateway: ${gateway.namespace}/${gateway.name} has no listener this project's HTTPRoutes may attach to` });
  const target = chosen ?? { namespace: '', name: '', listeners: [] };
  const p = planConversion(ing, ingresses.items, services.items, target, { routes: routes.items });
  return {
    plan: p,
    yaml: p.conversion.routes.map((r) => stringify(r)).join('---\n'),
    choices,
    ...(chosen ? { gateway: { namespace: chosen.namespace, name: chosen.name } } : {}),
  };
}

/** The proposal, the annotation table and the equivalence check for one Ingress (and a Gateway). */
export async function planConversionAction(project: string, name: string, gateway?: { namespace: string; name: string }): Promise<ActionResult<ConversionView>> {
  const p = parseInput(input, { project, name, gateway });
  if (!p.ok) return p;
  return asResult(() => plan(project, name, gateway));
}

/** Create the HTTPRoutes, wait until the gateway accepts them, then the Ingress stops serving those hosts. */
export async function moveTrafficAction(project: string, name: string, gateway: { namespace: string; name: string }, acceptDifferences: boolean): Promise<ActionResult<MoveResult & { log: string[] }>> {
  const p = parseInput(input.extend({ acceptDifferences: z.boolean() }), { project, name, gateway, acceptDifferences });
  if (!p.ok) return p;
  const view = await asResult(() => plan(project, name, gateway));
  if (!view.ok) return view;
  const { conversion, equivalence } = view.value.plan;
  if (conversion.refused) return invalid(`not converted: ${conversion.refused}`);
  if (!conversion.routes.length) return invalid('the proposal has no route to create');
  if (equivalence?.differences.length && !acceptDifferences) {
    return invalid(`acceptDifferences: ${equivalence.differences.length} generated requests are routed differently; accept them to move anyway`);
  }
  const client: MoveClient = await getKubeClient();
  const log: string[] = [];
  return asResult(async () => ({ ...(await moveTraffic(client, conversion, { log: (l) => log.push(l) })), log }));
}

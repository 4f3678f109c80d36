/**
 * `npm run convert -- -n NAMESPACE [--name INGRESS] [--gateway NS/NAME] [--apply] [--accept-differences] [--json]`
 *
 * Converts the namespace's Ingresses (or one) to Gateway API HTTPRoutes and prints, per
 * Ingress, the proposal, the per-annotation table and the equivalence check (lib/routing/convert).
 * With --apply it creates the routes and moves the traffic (server/migrate/move-traffic) for
 * every Ingress whose check found no difference (or all of them with --accept-differences).
 * Cluster: KUBECONFIG, else in-cluster, else the dev cluster's $DATA_DIR/kubeconfig.
 */
import * as k8s from '@kubernetes/client-node';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import type { GatewayInput, HTTPRouteInput, IngressInput, NamespaceInput, ServiceInput } from '../lib/routing/types';
import { formatReport, planConversion, targetFromGateway } from '../lib/routing/convert';
import { moveTraffic, type MoveClient } from '../server/migrate/move-traffic';
import { isDNS1123Label, isDNS1123Subdomain } from '../lib/k8s/validation/primitives';

const USAGE = 'usage: npm run convert -- -n NAMESPACE [--name INGRESS] [--gateway NAMESPACE/NAME] [--apply] [--accept-differences] [--json]';

function loadKubeConfig(env = process.env): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  if (env.KUBECONFIG) kc.loadFromFile(env.KUBECONFIG);
  else if (env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromFile(`${env.DATA_DIR ?? './.data'}/kubeconfig`);
  return kc;
}

const KINDS = { ingresses: ['networking.k8s.io/v1', 'Ingress'], httproutes: ['gateway.networking.k8s.io/v1', 'HTTPRoute'] } as const;

/** MoveClient over client-node's generic object API. */
function objectClient(api: k8s.KubernetesObjectApi): MoveClient {
  const head = (r: keyof typeof KINDS, namespace: string, name: string): k8s.KubernetesObject & { metadata: { name: string; namespace: string } } => ({ apiVersion: KINDS[r][0], kind: KINDS[r][1], metadata: { name, namespace } });
  return {
    async find(r, ns, name) {
      try {
        return (await api.read<k8s.KubernetesObject>(head(r, ns, name))) as never;
      } catch (e) {
        if ((e as { code?: number }).code === 404) return undefined;
        throw e;
      }
    },
    create: (r, ns, body) => api.create({ ...(body as k8s.KubernetesObject), apiVersion: KINDS[r][0], kind: KINDS[r][1] }) as never,
    replace: (r, _ns, _name, body) => api.replace({ ...(body as object), apiVersion: KINDS[r][0], kind: KINDS[r][1] } as k8s.KubernetesObject) as never,
    delete: (r, ns, name) => api.delete(head(r, ns, name)),
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        namespace: { type: 'string', short: 'n' },
        name: { type: 'string' },
        gateway: { type: 'string', default: 'portico-system/portico' },
        apply: { type: 'boolean', default: false },
        'accept-differences': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const ns = args.namespace;
  if (!ns || isDNS1123Label(ns).length) {
    console.error(`-n NAMESPACE is required and must be a DNS-1123 label${ns ? ` ("${ns}" is not)` : ''}\n${USAGE}`);
    return 2;
  }
  if (args.name !== undefined && isDNS1123Subdomain(args.name).length) {
    console.error(`--name "${args.name}" must be a DNS-1123 subdomain (an Ingress name)\n${USAGE}`);
    return 2;
  }
  const gw = /^([a-z0-9-]{1,63})\/([a-z0-9.-]{1,253})$/.exec(args.gateway ?? '');
  if (!gw) {
    console.error(`--gateway "${args.gateway}" must be NAMESPACE/NAME\n${USAGE}`);
    return 2;
  }
  const kc = loadKubeConfig();
  const api = k8s.KubernetesObjectApi.makeApiClient(kc);
  const list = async <T>(apiVersion: string, kind: string, namespace?: string) => (await api.list(apiVersion, kind, namespace)).items as unknown as T[];
  const ingresses = await list<IngressInput>('networking.k8s.io/v1', 'Ingress', ns);
  const services = await list<ServiceInput>('v1', 'Service', ns);
  const routes = await list<HTTPRouteInput>('gateway.networking.k8s.io/v1', 'HTTPRoute', ns);
  const gateway = (await api.read({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { namespace: gw[1], name: gw[2] } }).catch((e: { code?: number }) => {
    if (e.code === 404) return undefined;
    throw e;
  })) as unknown as GatewayInput | undefined;
  if (!gateway) {
    console.error(`Gateway ${args.gateway} not found (choose one with --gateway NAMESPACE/NAME)`);
    return 1;
  }
  const namespace = (await api.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined)) as unknown as NamespaceInput | undefined;
  const target = targetFromGateway(gateway, ns, namespace);
  const chosen = ingresses.filter((i) => (args.name ? i.metadata.name === args.name : !/^true$/.test(i.metadata.annotations?.['nginx.ingress.kubernetes.io/canary'] ?? '')));
  if (args.name && !chosen.length) {
    console.error(`Ingress ${ns}/${args.name} not found`);
    return 1;
  }
  const client = objectClient(api);
  let failed = 0;
  const out: unknown[] = [];
  for (const ing of chosen) {
    const plan = planConversion(ing, ingresses, services, target, { routes });
    if (args.json) out.push(plan);
    else {
      console.log(formatReport(plan));
      for (const r of plan.conversion.routes) console.log('---\n' + stringify(r).trimEnd());
      console.log('');
    }
    if (!args.apply || plan.conversion.refused) {
      if (plan.conversion.refused) failed++;
      continue;
    }
    if (plan.equivalence?.differences.length && !args['accept-differences']) {
      console.log(`  not applied: ${plan.equivalence.differences.length} generated requests are routed differently (re-run with --accept-differences to move anyway)\n`);
      failed++;
      continue;
    }
    try {
      const r = await moveTraffic(client, plan.conversion, { log: (l) => console.log(`  ${l}`) });
      console.log(`  moved: ${r.hosts.map((h) => h || '(any host)').join(', ')} -> HTTPRoute ${r.routes.join(', ')}\n`);
    } catch (e) {
      console.log(`  move failed: ${(e as Error).message}\n`);
      failed++;
    }
  }
  if (args.json) console.log(JSON.stringify(out, null, 2));
  if (!chosen.length) console.log(`no Ingress to convert in namespace ${ns}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`convert: ${(e as Error).message}`);
    process.exit(1);
  },
);

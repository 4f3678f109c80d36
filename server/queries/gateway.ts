import 'server-only';
import { apiPath } from '@/lib/k8s/kinds';
import type { Gateway, Node, Service } from '@/lib/k8s';
import { DEFAULT_BIND_ADDRESS, DEFAULT_PORTS, ENV, SYSTEM_NAMESPACE, portFromEnv } from '@/lib/defaults';
import { getKubeClient, getServiceKubeClient } from '../kube';
import type { AccessSettings } from '@/lib/console/access';
import { summarizeService } from '../models/service';
import type { GatewayEndpoints, AccessMethod, GatewayHealth, GatewayInfo } from '@/lib/console/rows';
export type { GatewayEndpoints, AccessMethod, GatewayHealth, GatewayInfo };

/**
 * Where the console sends "Try it" requests: `GATEWAY_URL` / `GATEWAY_HTTPS_URL` (deploy/ points
 * them at the gateway Service, since a console pod cannot reach another pod's loopback), else
 * the gateway's own listeners on this machine. Throws a message naming the variable when invalid.
 */
export function gatewayTrafficUrls(env: Record<string, string | undefined> = process.env): { http: URL; https: URL } {
  const host = env[ENV.bindAddress] || DEFAULT_BIND_ADDRESS;
  const parse = (name: string, scheme: 'http' | 'https', fallbackPort: number): URL => {
    const raw = env[name];
    if (!raw) return new URL(`${scheme}://${host}:${fallbackPort}`);
    let u: URL | undefined;
    try {
      u = new URL(raw);
    } catch {
      /* reported below */
    }
    if (!u || u.protocol !== `${scheme}:` || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
      throw new Error(`${name} must be a ${scheme}:// URL with no path, e.g. ${scheme}://portico-gateway.portico-system.svc:${scheme === 'http' ? 80 : 443}, got "${raw}"`);
    }
    return u;
  };
  return {
    http: parse('GATEWAY_URL', 'http', portFromEnv(env, ENV.gatewayHttpPort, DEFAULT_PORTS.gatewayHttp)),
    https: parse('GATEWAY_HTTPS_URL', 'https', portFromEnv(env, ENV.gatewayHttpsPort, DEFAULT_PORTS.gatewayHttps)),
  };
}

/**
 * The gateway admin API's base URL, the one place the console decides it: `GATEWAY_ADMIN_URL`
 * (deploy/ points it at the portico-gateway-admin Service), else the gateway next to us on
 * loopback, where it listens by default. Throws a message naming the variable when invalid.
 */
export function gatewayAdminUrl(env: Record<string, string | undefined> = process.env): string {
  const raw = env.GATEWAY_ADMIN_URL;
  if (!raw) return `http://127.0.0.1:${portFromEnv(env, ENV.gatewayAdminPort, DEFAULT_PORTS.gatewayAdmin)}`;
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch {
    /* reported below */
  }
  if (!u || !/^https?:$/.test(u.protocol) || u.search || u.hash) throw new Error(`GATEWAY_ADMIN_URL must be an http:// or https:// URL without query, e.g. http://portico-gateway-admin.portico-system.svc:9080, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** Where the gateway listens, from the same environment `npm start` gives every process. */
export function gatewayEndpoints(): GatewayEndpoints {
  const env = process.env;
  let adminUrl: string;
  try {
    adminUrl = gatewayAdminUrl(env);
  } catch {
    adminUrl = env.GATEWAY_ADMIN_URL ?? '';
  }
  return {
    host: env[ENV.bindAddress] || DEFAULT_BIND_ADDRESS,
    httpPort: portFromEnv(env, ENV.gatewayHttpPort, DEFAULT_PORTS.gatewayHttp),
    httpsPort: portFromEnv(env, ENV.gatewayHttpsPort, DEFAULT_PORTS.gatewayHttps),
    adminPort: portFromEnv(env, ENV.gatewayAdminPort, DEFAULT_PORTS.gatewayAdmin),
    adminUrl,
  };
}

/** What the gateway overview reads of a Service (tests pass partial objects). */
type ServiceView = Partial<Pick<Service, 'metadata' | 'spec' | 'status'>>;

/** The gateway's Service in portico-system: the one named like a gateway, else the first exposed one. */
export function pickGatewayService<S extends ServiceView>(services: S[]): S | undefined {
  return (
    services.find((s) => /gateway/.test(s.metadata?.name ?? '')) ??
    services.find((s) => ['NodePort', 'LoadBalancer'].includes(s.spec?.type ?? ''))
  );
}

/** The access row for clients inside the cluster: the gateway Service's cluster IP and ports. */
export function inClusterAccess(svc: ServiceView, httpPort: number | undefined, httpsPort: number | undefined): AccessMethod {
  const ip: string | undefined = svc.spec?.clusterIP && svc.spec.clusterIP !== 'None' ? svc.spec.clusterIP : undefined;
  const dns = `${svc.metadata?.name}.${svc.metadata?.namespace ?? SYSTEM_NAMESPACE}.svc`;
  return { kind: 'Local', label: 'Gateway Service (in cluster)', address: ip ?? dns, httpPort, httpsPort, note: `Inside the cluster: ${dns}; the gateway pods listen on their container ports behind it.` };
}

export async function getGatewayInfo(): Promise<GatewayInfo> {
  const endpoints = gatewayEndpoints();
  const kube = await getKubeClient();
  // The gateway Service and the node addresses are what every project member needs to reach
  // their routes; a project member may not read portico-system or Nodes, so the console reads
  // just these with its own identity (nothing of any project is in them).
  const own = () => getServiceKubeClient();
  const [svcs, nodes, gws] = await Promise.all([
    kube.list<Service>('services', SYSTEM_NAMESPACE).catch(() => own().then((k) => k.list<Service>('services', SYSTEM_NAMESPACE))).catch(() => ({ items: [] as Service[] })),
    kube.call<{ items: Node[] }>('GET', apiPath('Node')).catch(() => own().then((k) => k.call<{ items: Node[] }>('GET', apiPath('Node')))).catch(() => ({ items: [] as Node[] })),
    kube.call<{ items: Gateway[] }>('GET', apiPath('Gateway')).catch(() => ({ items: [] as Gateway[] })),
  ]);
  const svcObj = pickGatewayService(svcs.items);
  const nodeIPs = nodes.items.flatMap((n) => (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address));
  const accessMethods: AccessMethod[] = [
    { kind: 'Local', label: 'Gateway listener', address: endpoints.host, httpPort: endpoints.httpPort, httpsPort: endpoints.httpsPort, note: 'The ports the gateway process listens on.' },
  ];
  let service: GatewayInfo['service'];
  const access: AccessSettings = {
    deployed: Boolean(process.env.GATEWAY_URL),
    listener: { address: endpoints.host, httpPort: endpoints.httpPort, httpsPort: endpoints.httpsPort },
    nodeIPs,
    published: (process.env.GATEWAY_PUBLISH_ADDRESS ?? '').split(',').map((a) => a.trim()).filter(Boolean),
  };
  if (svcObj) {
    const sum = summarizeService(svcObj);
    const lbIPs: string[] = (svcObj.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
    service = { ...sum, loadBalancerIPs: lbIPs };
    const portFor = (n: number) => sum.ports.find((p) => p.port === n || p.name === (n === 443 ? 'https' : 'http'));
    const http = portFor(80);
    const https = portFor(443);
    access.service = {
      type: sum.type,
      clusterIP: svcObj.spec?.clusterIP,
      httpPort: http?.port,
      httpsPort: https?.port,
      httpNodePort: http?.nodePort,
      httpsNodePort: https?.nodePort,
      loadBalancerAddresses: lbIPs,
    };
    // Deployed (deploy/ sets GATEWAY_URL to the Service): the gateway's pods sit behind the
    // Service, so inside the cluster clients use its address and ports (80/443), not a listener.
    if (process.env.GATEWAY_URL) accessMethods[0] = inClusterAccess(svcObj, http?.port, https?.port);
    if (sum.type === 'NodePort' || sum.type === 'LoadBalancer') {
      accessMethods.push({
        kind: 'NodePort',
        label: 'NodePort',
        address: nodeIPs[0] ?? endpoints.host,
        httpPort: http?.nodePort,
        httpsPort: https?.nodePort,
        note: 'Any node IP with the service node ports.',
      });
    }
    if (sum.type === 'LoadBalancer') {
      accessMethods.push({
        kind: 'LoadBalancer',
        label: 'LoadBalancer',
        address: lbIPs[0] ?? 'pending',
        httpPort: http?.port,
        httpsPort: https?.port,
        note: lbIPs.length ? 'The load balancer address.' : 'Waiting for the load balancer to get an address.',
      });
    }
  }
  const listeners = gws.items
    .filter((g) => g.spec?.gatewayClassName === 'portico')
    .flatMap((g) =>
      (g.spec?.listeners ?? []).map((l) => ({
        name: l.name,
        protocol: l.protocol,
        port: l.port,
        servedOn: l.port === 80 ? endpoints.httpPort : l.port === 443 ? endpoints.httpsPort : l.port >= 1024 ? l.port : 8000 + l.port,
        hostname: l.hostname,
        gateway: `${g.metadata?.namespace}/${g.metadata?.name}`,
      })),
    );
  return { endpoints, service, accessMethods, nodeIPs, listeners, access };
}

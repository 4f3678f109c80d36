// API clients that keep their connections. client-node makes a new https.Agent for every call,
// i.e. a new connection and TLS handshake per request: a few ms of CPU each on the event loop that
// also rebuilds and swaps routing snapshots, and status writes come in bursts (one per changed
// route). Authentication is still applied per call by the KubeConfig (tokens may rotate); only
// the agent is replaced by one kept for as long as the TLS options stay the same.
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';

type Agent = http.Agent | https.Agent;

/** The TLS options client-node puts on its agents (see KubeConfig.applySecurityAuthentication). */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return false;
}

class KeepAliveAuth implements k8s.SecurityAuthentication {
  private kept: { agent: Agent; options: Record<string, unknown> } | undefined;

  constructor(private readonly kc: k8s.KubeConfig) {}

  getName(): string {
    return 'portico-keep-alive';
  }

  async applySecurityAuthentication(context: k8s.RequestContext): Promise<void> {
    await this.kc.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    // proxy agents (SOCKS, HTTP CONNECT; some extend https.Agent) stay as client-node made them
    if (fresh?.constructor !== https.Agent && fresh?.constructor !== http.Agent) return;
    const options = (fresh as Agent & { options: Record<string, unknown> }).options;
    if (!this.kept || fresh.constructor !== this.kept.agent.constructor || !TLS_KEYS.every((k) => sameValue(options[k], this.kept!.options[k]))) {
      this.kept?.agent.destroy();
      const Ctor = fresh.constructor as typeof https.Agent;
      this.kept = { agent: new Ctor({ ...options, keepAlive: true, maxSockets: 4 }), options };
    }
    fresh.destroy();
    context.setAgent(this.kept.agent);
  }

  destroy(): void {
    this.kept?.agent.destroy();
    this.kept = undefined;
  }
}

/** Like kc.makeApiClient, with kept-alive connections. Call `close` when done. */
export function keepAliveClients(kc: k8s.KubeConfig): { make<T>(api: new (config: k8s.Configuration) => T): T; close(): void } {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const auth = new KeepAliveAuth(kc);
  const config = k8s.createConfiguration({ baseServer: new k8s.ServerConfiguration(cluster.server, {}), authMethods: { default: auth } });
  return { make: (api) => new api(config), close: () => auth.destroy() };
}

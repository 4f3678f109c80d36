// Gateway entry point: controller (cluster watch or static config) + proxy listeners + admin API.
// GATEWAY_WORKERS > 1: the primary runs the controller and the admin API and sends each
// routing state to node:cluster workers, which compile it and share the listeners.
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { AggregatorRegistry, Registry } from 'prom-client';
import pino from 'pino';
import type { ClusterState, RoutingOptions } from '@/lib/routing';
import { GatewayRuntime, defaultProxySettings, type ProxySettings } from './proxy/runtime';
import { UPSTREAM_PIPELINE_VARIABLE, parseUpstreamPipeline } from './proxy/upstream-pipeline';
import { GatewayMetrics } from './admin/metrics';
import { startListeners, type Listeners } from './proxy/servers';
import { startAdmin } from './admin/server';
import { adminAuthFromEnv } from './admin/auth';
import { applySnapshot, applyWorkerMessage, compile, type WorkerMessage } from './controller/control-plane';
import { StateBroadcaster, type AppliedReport } from './controller/state-broadcast';
import { loadStaticConfig } from './controller/static-config';
import { ClusterWatcher } from './controller/watcher';
import { KubeClient } from './kube/client';
import { loadKubeConnection } from './kube/config';
import { StatusWriter } from './controller/status-writer';
import { LeaderElector, electionMetrics, leaseTimingsFromEnv } from './controller/leader-election';
import { ServicePublisher, parsePublishAddress, parsePublishService, type PublishedAddress } from './controller/publish-address';
import type { LbAlgorithm } from './proxy/balancer';
import type { EndpointSliceLike } from './proxy/endpoints';
import { parseTrustedProxies } from './proxy/forwarded';
import { parseHostOwnership } from './controller/host-ownership-setting';
import { publicPortsFromEnv } from './public-ports';
import { AddressPolicy, ALLOWED_CIDRS_VARIABLE, parseCidrList } from './proxy/address-policy';
import { createExternalNames, createTcpDataPlane, tcpReport, type ExternalNameResolver, type TcpProxy } from './tcp';
import { UdpProxy, parseUdpSettings } from './udp/proxy';

const env = process.env;
const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

const sysLog = pino({ base: { component: 'gateway', pid: process.pid } });

/** A setting that cannot be understood stops the gateway at once, naming the variable. */
function setting<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    sysLog.fatal({}, (err as Error).message);
    process.exit(1);
  }
}

const host = env.BIND_ADDRESS || '127.0.0.1';
const httpPort = num(env.GATEWAY_HTTP_PORT, 8080);
const httpsPort = num(env.GATEWAY_HTTPS_PORT, 8443);
const adminPort = num(env.GATEWAY_ADMIN_PORT, 9080);
// Loopback by default (CONTRACTS); deploy/ sets 0.0.0.0 for httpGet probes and the admin Service.
const adminHost = setting(() => {
  const v = env.GATEWAY_ADMIN_ADDRESS || '127.0.0.1';
  if (!net.isIP(v)) throw new Error(`GATEWAY_ADMIN_ADDRESS must be an IP address to bind (127.0.0.1, 0.0.0.0, ::), got "${v}"`);
  return v;
});
// Upstream address policy (proxy/address-policy.ts): the only exception to "never loopback,
// link-local, unspecified" is this list; `npm start` passes the dev cluster's pod CIDR.
const allowedUpstreams = setting(() => parseCidrList(env[ALLOWED_CIDRS_VARIABLE]));
// Beyond loopback the admin API needs a bearer token; none configured there: refuse to start.
const adminAuth = setting(() => adminAuthFromEnv(env, adminHost, (message) => sysLog.warn({}, `admin token not reloaded, keeping the previous one: ${message}`)));
const workers = Math.max(1, num(env.GATEWAY_WORKERS, 1));
const drainMs = num(env.GATEWAY_DRAIN_MS, 10_000);
// SIGTERM -> readiness fails -> this long still accepting (endpoints controllers and load
// balancers take the pod out) -> listeners close -> in-flight requests get drainMs.
const drainDelayMs = num(env.GATEWAY_DRAIN_DELAY_MS, 0);
const leaseTimings = setting(() => leaseTimingsFromEnv(env));
const publishAddress = setting(() => (env.GATEWAY_PUBLISH_ADDRESS ? parsePublishAddress(env.GATEWAY_PUBLISH_ADDRESS) : undefined));
const publishService = setting(() => (env.GATEWAY_PUBLISH_SERVICE ? parsePublishService(env.GATEWAY_PUBLISH_SERVICE) : undefined));
const publishIntervalS = num(env.GATEWAY_PUBLISH_INTERVAL_S, 10);
/** Controller-side metrics (leader election): the primary's own, added to the workers' in /metrics. */
const controlRegistry = new Registry();
const election = electionMetrics(controlRegistry);
// Proxies in front of the gateway whose X-Forwarded-* headers are believed (proxy/forwarded.ts).
const trustedProxies = setting(() => parseTrustedProxies(env.GATEWAY_TRUSTED_PROXIES ?? ''));
// HTTP/1.1 pipelining to plain-HTTP upstreams (proxy/http1/client.ts): opt-in, off by default.
const upstreamPipeline = setting(() => parseUpstreamPipeline(env[UPSTREAM_PIPELINE_VARIABLE]));
const accessLogOn = !/^(0|off|false|no)$/i.test(env.GATEWAY_ACCESS_LOG ?? 'on');

const settings: ProxySettings = {
  ...defaultProxySettings,
  httpPort,
  httpsPort,
  lbAlgorithm: (env.GATEWAY_LB_ALGORITHM as LbAlgorithm) || 'round-robin',
  rateLimitStatus: num(env.GATEWAY_RATE_LIMIT_STATUS, 503),
  trustedProxies,
  upstreamPipeline,
};
const ingressHostOwnership = setting(() => parseHostOwnership(env.GATEWAY_INGRESS_HOST_OWNERSHIP));
// The ports redirects name (a Service's 80/443 in deploy/); default the listener ports.
const publicPorts = setting(() => publicPortsFromEnv(env, httpPort, httpsPort));
const routingOptions: RoutingOptions = {
  httpPort,
  httpsPort,
  ...publicPorts,
  ingressClassName: env.GATEWAY_INGRESS_CLASS || 'portico',
  loadBalancerAddress: { ip: host === '0.0.0.0' ? '127.0.0.1' : host },
  ingressHostOwnership,
};

const tcpLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => sysLog[level](extra ?? {}, msg);

/** TCP listeners (Gateway listeners with protocol TCP) follow every snapshot swap. */
function startTcp(rt: GatewayRuntime): TcpProxy {
  const tcp = createTcpDataPlane(rt, host, tcpLog);
  rt.onSwap.push((s) => void tcp.apply(s));
  if (rt.snapshot) void tcp.apply(rt.snapshot);
  return tcp;
}
let workerTcp: TcpProxy | undefined;

/** HTTP(S) listeners on ports other than the main two (Gateway listeners off 80/443) follow every snapshot swap too. */
function followSnapshots(rt: GatewayRuntime, listeners: Listeners): void {
  rt.onSwap.push((s) => void listeners.apply(s));
  if (rt.snapshot) void listeners.apply(rt.snapshot);
}

const udpSettings = setting(() => parseUdpSettings(env));
/** UDP listeners follow every snapshot swap; one process serves them (UDP flows must not be split across workers). */
function startUdp(rt: GatewayRuntime): UdpProxy {
  const udp = new UdpProxy(rt.endpoints, { host, settings: udpSettings, log: tcpLog });
  rt.onSwap.push((s) => void udp.apply(s));
  if (rt.snapshot) void udp.apply(rt.snapshot);
  return udp;
}

function makeRuntime(withDefaultMetrics: boolean): GatewayRuntime {
  const rt = new GatewayRuntime(settings, new GatewayMetrics(withDefaultMetrics));
  rt.endpoints.policy = new AddressPolicy({ allowed: allowedUpstreams, bindAddresses: [host, adminHost], ports: [httpPort, httpsPort, adminPort] });
  if (accessLogOn) rt.accessLog = pino({ base: { log: 'access' }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ sync: false }));
  return rt;
}

/** Where routing input comes from: a static file or the cluster. Calls back on each change. */
async function startController(rt: GatewayRuntime, publish: (m: WorkerMessage) => void): Promise<{ stop(): Promise<void>; info(): Record<string, unknown> }> {
  let version = 0;
  // ExternalName Services: resolved here, fed to the endpoint table (and the workers) as slices.
  // Names that stop/start resolving rebuild the routes (diagnostics, ResolvedRefs).
  let rebuild = (since?: number) => void since;
  const externalNames: ExternalNameResolver = createExternalNames(rt, (op, slice) => publish({ type: 'slice', op, slice }), tcpLog, () => rebuild());
  rt.onSwap.push((s) => externalNames.apply(s));
  // Refused upstream addresses (proxy/address-policy.ts) are reported on their routes: rebuild.
  rt.endpoints.onRefusedChanged = () => {
    const refused = rt.endpoints.refused();
    if (refused.length) sysLog.warn({ refused }, 'upstream addresses refused by the address policy');
    rebuild();
  };
  const build = (watched: ClusterState, since: number) => {
    const state: ClusterState = { ...watched, externalNameFailures: externalNames.failures(), refusedBackends: rt.endpoints.refused() };
    try {
      const r = compile(state, routingOptions);
      applySnapshot(rt, r, since || undefined, state);
      version++;
      publish({ type: 'state', version, state, since, sentAt: Date.now() });
      if (r.buildMs > 50) sysLog.warn({ buildMs: r.buildMs }, 'slow snapshot build');
      return r;
    } catch (err) {
      sysLog.error({ err: String((err as Error)?.stack ?? err) }, 'snapshot build failed; keeping the previous one');
      return undefined;
    }
  };

  if (env.GATEWAY_STATIC_CONFIG) {
    const { state, slices } = await loadStaticConfig(env.GATEWAY_STATIC_CONFIG);
    rebuild = () => void build(state, 0);
    build(state, 0);
    rt.endpoints.replaceSlices(slices);
    publish({ type: 'slices', slices });
    externalNames.republish();
    sysLog.info({ file: env.GATEWAY_STATIC_CONFIG, routes: rt.snapshot?.routes.length }, 'serving static config');
    return { stop: async () => {}, info: () => ({ source: env.GATEWAY_STATIC_CONFIG }) };
  }

  // Started next to a dev cluster that is still coming up: wait for its kubeconfig.
  if (!env.KUBECONFIG && !env.KUBERNETES_SERVICE_HOST) {
    const file = `${env.DATA_DIR ?? './.data'}/kubeconfig`;
    for (let i = 0; !existsSync(file); i++) {
      if (i === 0) sysLog.info({ file }, 'waiting for the dev cluster kubeconfig');
      if (i > 600) throw new Error(`no kubeconfig: set KUBECONFIG, run in a cluster, or start the dev cluster (${file})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const { conn, source } = await loadKubeConnection(env);
  // one client, one pool of kept-alive connections for the watches, status writes and the Lease
  const kube = new KubeClient(conn);
  const status: { writer?: StatusWriter } = {};
  const watcher = new ClusterWatcher(kube, {
    onChange: (since) => rebuild(since),
    onSlice: (op, slice) => {
      if (op === 'put') rt.endpoints.upsertSlice(slice);
      else rt.endpoints.deleteSlice(slice);
      publish({ type: 'slice', op, slice });
    },
    onSlicesReplaced: (all: EndpointSliceLike[]) => {
      rt.endpoints.replaceSlices(all);
      publish({ type: 'slices', slices: all });
      externalNames.republish();
    },
    log: (level, msg, extra) => sysLog[level](extra ?? {}, msg),
  });
  rebuild = (since = 0) => {
    const state = watcher.store.state();
    const r = build(state, since);
    if (r) status.writer?.schedule(state, r.snapshot);
  };
  sysLog.info({ kubeconfig: source }, 'watching cluster');
  await watcher.start();
  if (!rt.snapshot) build(watcher.store.state(), 0);
  const identity = env.POD_NAME || env.HOSTNAME || `portico-gateway-${process.pid}`;
  const elector = new LeaderElector(kube, identity, leaseTimings, sysLog, (leader) => leader && status.writer?.refresh(), election);
  const publisher = !publishAddress && publishService ? new ServicePublisher(kube, publishService, publishIntervalS, sysLog, () => status.writer?.refresh()) : undefined;
  // null while the published Service has not been read: no address rather than a wrong one
  const published = (): PublishedAddress[] | undefined | null => publishAddress ?? (publisher ? (publisher.addresses() ?? null) : undefined);
  const statusWriter = new StatusWriter(kube, routingOptions, sysLog, { isLeader: () => elector.isLeader, published, versionOf: (kind) => watcher.versions.versionOf(kind) });
  status.writer = statusWriter;
  publisher?.start();
  elector.start();
  if (rt.snapshot) statusWriter.schedule(watcher.store.state(), rt.snapshot);
  return {
    async stop() {
      await statusWriter.stop();
      publisher?.stop();
      await elector.stop(); // hands the Lease over at once instead of letting it expire
      externalNames.stop();
      await watcher.stop();
      kube.close();
    },
    info: () => ({
      externalNames: externalNames.report(),
      source,
      missingApis: [...watcher.missing],
      apiProblems: Object.fromEntries(watcher.problems),
      leader: elector.isLeader,
      leaderElection: elector.status(),
      publish: publishAddress ? { addresses: publishAddress } : publisher ? publisher.status() : { addresses: 'default (BIND_ADDRESS)' },
    }),
  };
}

function onSignals(fn: () => Promise<void>): void {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      const hard = setTimeout(() => process.exit(1), drainDelayMs + drainMs + 5_000);
      hard.unref();
      fn().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
}

function guardProcess(): void {
  process.on('uncaughtException', (err) => sysLog.error({ err: String(err?.stack ?? err) }, 'uncaught exception (kept running)'));
  process.on('unhandledRejection', (err) => sysLog.error({ err: String((err as Error)?.stack ?? err) }, 'unhandled rejection (kept running)'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Readiness fails and keep-alive ends at once; listeners stay open for the drain delay, then close. */
async function drain(rt: GatewayRuntime, listeners: Listeners | undefined, tcp: TcpProxy | undefined): Promise<void> {
  rt.draining = true;
  listeners?.stopKeepAlive();
  // No delay: stop accepting in this same tick, so nothing connects after readiness failed
  // (a zero-length sleep still let connections in while the loop was busy).
  if (drainDelayMs > 0) await sleep(drainDelayMs);
  await Promise.all([listeners?.close(drainMs), tcp?.close(drainMs)]);
}

async function single(): Promise<void> {
  const rt = makeRuntime(true);
  const ctl: { c?: Awaited<ReturnType<typeof startController>> } = {};
  const tcpHolder: { proxy?: TcpProxy } = {};
  const admin = await startAdmin(rt, {
    host: adminHost,
    port: adminPort,
    auth: adminAuth,
    info: () => ({ ...tcpReport(tcpHolder.proxy, rt.snapshot), ...(ctl.c?.info() ?? {}) }),
    // rendered in slices (issue 19); read per scrape: metrics registered later (the TCP data plane's) are included too
    metrics: async () => ({ contentType: controlRegistry.contentType, body: await rt.metrics.render([controlRegistry]) }),
  });
  const listeners = await startListeners(rt, { host, httpPort, httpsPort, log: tcpLog });
  followSnapshots(rt, listeners);
  const tcp = (tcpHolder.proxy = startTcp(rt));
  const udp = startUdp(rt);
  console.log(`gateway: http://${host}:${httpPort} https://${host}:${httpsPort} admin http://${adminHost}:${adminPort} (1 worker)`);
  onSignals(async () => {
    await udp.close();
    await drain(rt, listeners, tcp);
    await ctl.c?.stop();
    admin.close();
  });
  ctl.c = await startController(rt, () => {});
  sysLog.info({ version: rt.version }, 'first snapshot served');
}

async function primary(): Promise<void> {
  const rt = makeRuntime(true); // primary keeps a snapshot for /config and /routes/test
  let lastSlices: EndpointSliceLike[] = [];
  const live = new Set<Worker>();
  const readyWorkers = new Set<Worker>();
  // routing state goes out as per-object deltas (O(change)); a joining worker gets it whole
  const broadcast = new StateBroadcaster(() => live);
  const publish = (m: WorkerMessage) => (m.type === 'state' ? broadcast.publishState(m.version, m.state, m.since, m.sentAt) : broadcast.publish(m));
  const aggregator = new AggregatorRegistry();
  const spawn = () => {
    const w = cluster.fork();
    // 'online' fires before the worker's (async ESM) modules have attached their message
    // handler: wait for its hello, then send the current state.
    w.on('message', (m: { type?: string }) => {
      if (m?.type === 'hello') {
        live.add(w);
        broadcast.sendFull(w);
        lastSlices = rt.endpoints.slicesList();
        w.send({ type: 'slices', slices: lastSlices } satisfies WorkerMessage);
      } else if (m?.type === 'ready') readyWorkers.add(w);
      else if (m?.type === 'applied') broadcast.onApplied(w, m as AppliedReport);
      else if (m?.type === 'resync') {
        sysLog.warn({ worker: w.id }, 'worker lost track of the routing state; sending it whole');
        broadcast.sendFull(w);
      }
    });
    w.on('exit', (code, signal) => {
      live.delete(w);
      broadcast.forget(w);
      readyWorkers.delete(w);
      if (!rt.draining) {
        sysLog.error({ code, signal }, 'worker exited; starting another');
        setTimeout(spawn, 500);
      }
    });
  };
  for (let i = 0; i < workers; i++) spawn();
  const ctl: { c?: Awaited<ReturnType<typeof startController>> } = {};
  const admin = await startAdmin(rt, {
    host: adminHost,
    port: adminPort,
    auth: adminAuth,
    info: () => ({ workers: live.size, readyWorkers: readyWorkers.size, stateSync: broadcast.report(), ...tcpReport(undefined, rt.snapshot), ...(ctl.c?.info() ?? {}) }),
    ready: () => readyWorkers.size >= workers,
    metrics: async () => ({ contentType: aggregator.contentType, body: (await aggregator.clusterMetrics()) + (await controlRegistry.metrics()) }),
  });
  const udp = startUdp(rt); // the primary holds the snapshot and the endpoint table too
  console.log(`gateway: http://${host}:${httpPort} https://${host}:${httpsPort} admin http://${adminHost}:${adminPort} (${workers} workers)`);
  onSignals(async () => {
    rt.draining = true;
    await udp.close();
    const exits = [...live].map((w) => new Promise<void>((r) => w.once('exit', () => r())));
    for (const w of live) w.send({ type: 'drain' });
    await Promise.race([Promise.all(exits), sleep(drainDelayMs + drainMs + 1_000)]);
    await ctl.c?.stop();
    admin.close();
  });
  ctl.c = await startController(rt, publish);
}

async function worker(): Promise<void> {
  const rt = makeRuntime(true);
  AggregatorRegistry.setRegistries([rt.metrics.registry]);
  new AggregatorRegistry(); // constructing it installs the worker-side reply to the primary's metrics requests
  const l: { listeners?: Listeners } = {};
  let announced = false;
  const announce = () => {
    if (!announced && l.listeners && rt.snapshot) {
      announced = true;
      process.send?.({ type: 'ready' });
    }
  };
  // Attach first: the primary sends the current state as soon as the worker is online.
  process.on('message', (m: WorkerMessage | { type: 'drain' }) => {
    if (m.type === 'drain') {
      void drain(rt, l.listeners, workerTcp).then(() => process.exit(0));
      return;
    }
    try {
      const reply = applyWorkerMessage(rt, m, routingOptions);
      if (reply) process.send?.(reply);
      announce();
    } catch (err) {
      sysLog.error({ err: String(err) }, 'worker failed to apply update');
    }
  });
  process.send?.({ type: 'hello' });
  // signals reach the whole process group (Ctrl-C): the primary coordinates the drain
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => {});
  l.listeners = await startListeners(rt, { host, httpPort, httpsPort, log: tcpLog });
  followSnapshots(rt, l.listeners);
  workerTcp = startTcp(rt);
  announce();
}

guardProcess();
const run = workers > 1 ? (cluster.isPrimary ? primary : worker) : single;
run().catch((err) => {
  sysLog.fatal({ err: String(err?.stack ?? err) }, 'gateway failed to start');
  process.exit(1);
});

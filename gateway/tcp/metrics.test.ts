import type net from 'node:net';
import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { TcpMetrics } from './metrics';

const socket = (read: number, written: number) => ({ bytesRead: read, bytesWritten: written }) as unknown as net.Socket;

describe('TCP/TLS metrics of deleted routes', () => {
  it('go with the route; a route with a connection still open keeps its series until the next prune after it closed', async () => {
    const registry = new client.Registry();
    const m = new TcpMetrics(registry);
    m.spliced('TCPRoute/a/keep/0', 'a/db', socket(10, 20)).close();
    m.spliced('TCPRoute/b/gone/0', 'b/db', socket(30, 40)).close();
    m.connectFailed('TCPRoute/b/gone/0', 'b/db');
    m.refusedConnection(8005, 'TCPRoute/b/gone/0', 'no-endpoints');
    m.refusedConnection(8005, '', 'no-route');
    const open = m.spliced('TLSRoute/c/open/0', 'c/web', socket(5, 5));

    expect(m.retainRoutes(new Set(['TCPRoute/a/keep/0']))).toBe(1);
    let text = await registry.metrics();
    expect(text).toContain('portico_gateway_tcp_received_bytes_total{route="TCPRoute/a/keep/0",backend="a/db"} 10');
    expect(text).not.toContain('TCPRoute/b/gone/0');
    expect(text).toContain('portico_gateway_tcp_connections_active{route="TLSRoute/c/open/0",backend="c/web"} 1');
    expect(text).toContain('route="",reason="no-route"');

    open.close();
    expect(m.retainRoutes(new Set(['TCPRoute/a/keep/0']))).toBe(1);
    text = await registry.metrics();
    expect(text).not.toContain('TLSRoute/c/open/0');
    expect(text).toContain('TCPRoute/a/keep/0');
  });
});

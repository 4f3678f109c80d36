import { describe, expect, it } from 'vitest';
import { checkGatewayText } from './gateway-text-check';

const gw = (ns: string | undefined, port = 80) =>
  JSON.stringify({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', ...(ns ? { namespace: ns } : {}) }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port }] } });

describe('checkGatewayText (admin Gateway YAML/JSON mode)', () => {
  it('accepts a valid Gateway in any namespace when creating', () => {
    expect(checkGatewayText(gw('team-a'), 'json', undefined)).toMatchObject({ reason: undefined, causes: [] });
  });
  it('requires the namespace, and keeps an edited Gateway in its own', () => {
    expect(checkGatewayText(gw(undefined), 'json', undefined).reason).toBe("1 problem: metadata.namespace: Required value: the Gateway's namespace");
    expect(checkGatewayText(gw('other'), 'json', 'demo').causes[0]).toMatchObject({ field: 'metadata.namespace', message: 'must be demo: a Gateway cannot move' });
  });
  it('names lib/k8s field errors and refuses another kind', () => {
    expect(checkGatewayText(gw('demo', 70000), 'json', 'demo').causes.map((c) => c.field)).toContain('spec.listeners[0].port');
    expect(checkGatewayText('{"apiVersion":"v1","kind":"Service","metadata":{"name":"x","namespace":"demo"}}', 'json', 'demo').causes[0].field).toBe('kind');
  });
  it('reports text that does not parse with its line', () => {
    expect(checkGatewayText('a: [', 'yaml', 'demo').parsed).toBeUndefined();
    expect(checkGatewayText('a: [', 'yaml', 'demo').reason).toMatch(/line \d+/);
  });
});

import { describe, expect, it } from 'vitest';
import { endpointNodeNames, parsePublishAddress, parsePublishService, serviceAddresses } from './publish-address';

const node = (name: string, addresses: Array<[string, string]>) => ({ metadata: { name }, status: { addresses: addresses.map(([type, address]) => ({ type, address })) } });

describe('GATEWAY_PUBLISH_ADDRESS / GATEWAY_PUBLISH_SERVICE', () => {
  it('parses IPs and hostnames, comma-separated', () => {
    expect(parsePublishAddress('203.0.113.7, lb.example.com,2001:db8::1')).toEqual([{ ip: '203.0.113.7' }, { hostname: 'lb.example.com' }, { ip: '2001:db8::1' }]);
  });
  it('refuses what is neither, naming the variable and the value', () => {
    expect(() => parsePublishAddress('lb_example')).toThrow(/GATEWAY_PUBLISH_ADDRESS: "lb_example" is neither an IP address nor a DNS hostname/);
    expect(() => parsePublishAddress(' , ')).toThrow(/at least one/);
  });
  it('a Service is namespace/name', () => {
    expect(parsePublishService('portico-system/portico-gateway')).toEqual({ namespace: 'portico-system', name: 'portico-gateway' });
    expect(() => parsePublishService('portico-gateway')).toThrow(/must be "namespace\/name", got "portico-gateway"/);
    expect(() => parsePublishService('Portico/x')).toThrow(/namespace "Portico" is not a valid Kubernetes name/);
  });
});

describe('serviceAddresses', () => {
  const nodes = [node('a', [['InternalIP', '10.0.0.1'], ['ExternalIP', '198.51.100.1']]), node('b', [['InternalIP', '10.0.0.2'], ['Hostname', 'b']])];
  it('LoadBalancer: its ingress IPs and hostnames, then externalIPs; none while pending', () => {
    const svc = { spec: { type: 'LoadBalancer' as const, externalIPs: ['192.0.2.9'] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }, { hostname: 'x.elb.example.com' }] } } };
    expect(serviceAddresses(svc, nodes)).toEqual([{ ip: '203.0.113.7' }, { hostname: 'x.elb.example.com' }, { ip: '192.0.2.9' }]);
    expect(serviceAddresses({ spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }, nodes)).toEqual([]);
  });
  it('NodePort: externalIPs if any, else each node ExternalIP (InternalIP when it has none)', () => {
    expect(serviceAddresses({ spec: { type: 'NodePort' } }, nodes)).toEqual([{ ip: '198.51.100.1' }, { ip: '10.0.0.2' }]);
    expect(serviceAddresses({ spec: { type: 'NodePort', externalIPs: ['192.0.2.1'] } }, nodes)).toEqual([{ ip: '192.0.2.1' }]);
  });
  it('ClusterIP: the cluster IP (headless: nothing)', () => {
    expect(serviceAddresses({ spec: { type: 'ClusterIP', clusterIP: '10.96.0.10' } }, nodes)).toEqual([{ ip: '10.96.0.10' }]);
    expect(serviceAddresses({ spec: { clusterIP: 'None' } }, nodes)).toEqual([]);
  });
  it('the nodes of ready endpoints only', () => {
    const slices = [{ endpoints: [{ nodeName: 'b', conditions: { ready: true } }, { nodeName: 'c', conditions: { ready: false } }, { nodeName: 'a' }] }];
    expect(endpointNodeNames(slices)).toEqual(['a', 'b']);
  });
});

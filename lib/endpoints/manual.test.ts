import { describe, expect, it } from 'vitest';
import { validateObject } from '../k8s';
import {
  MANAGED_BY_LABEL,
  ManualEndpointInput,
  PORTICO_ENDPOINTS_MANAGER,
  SERVICE_NAME_LABEL,
  causesForForm,
  endpointRows,
  manualSliceName,
  validateManualEndpoint,
  withManualEndpoint,
  withoutAddress,
} from './manual';

const http = { name: 'http', port: 8080, protocol: 'TCP' as const };
const input = (address: string, ports = [http], ready = true): ManualEndpointInput => ({ address, ports, ready });

describe('validateManualEndpoint: the API server rules, on the form fields', () => {
  it('accepts IPv4 and IPv6 literals with valid ports', () => {
    expect(validateManualEndpoint(input('10.0.0.12'))).toEqual([]);
    expect(validateManualEndpoint(input('2001:db8::12'))).toEqual([]);
    expect(validateManualEndpoint(input(' 10.0.0.12 '))).toEqual([]); // typed with spaces
  });

  it('names the field and the rule for each bad value', () => {
    expect(validateManualEndpoint(input(''))).toEqual([{ reason: 'FieldValueRequired', field: 'address', message: 'Required value: an IPv4 or IPv6 address' }]);
    for (const bad of ['db.example.com', '10.0.0.256', '010.0.0.1', '10.0.0', '1::2::3'])
      expect(validateManualEndpoint(input(bad))).toEqual([
        { reason: 'FieldValueInvalid', field: 'address', message: `Invalid value: "${bad}": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)` },
      ]);
    expect(validateManualEndpoint(input('10.0.0.1', [{ ...http, port: 0 }]))).toEqual([
      { reason: 'FieldValueInvalid', field: 'ports[0].port', message: 'Invalid value: 0: must be between 1 and 65535, inclusive' },
    ]);
    expect(validateManualEndpoint(input('10.0.0.1', [{ ...http, port: 65536 }]))[0]?.field).toBe('ports[0].port');
    expect(validateManualEndpoint(input('10.0.0.1', [{ ...http, port: 80.5 }]))[0]?.field).toBe('ports[0].port');
    expect(validateManualEndpoint(input('10.0.0.1', [{ ...http, name: 'Web_Port' }]))[0]).toMatchObject({ field: 'ports[0].name', message: expect.stringContaining('RFC 1123') });
    expect(validateManualEndpoint(input('10.0.0.1', [http, { ...http, port: 9090 }]))).toEqual([{ reason: 'FieldValueDuplicate', field: 'ports[1].name', message: 'Duplicate value: "http"' }]);
    expect(validateManualEndpoint(input('10.0.0.1', []))).toEqual([{ reason: 'FieldValueRequired', field: 'ports', message: 'Required value: at least one port' }]);
  });

  it('the input schema bounds sizes and refuses unknown fields', () => {
    expect(ManualEndpointInput.safeParse({ ...input('1.2.3.4'), extra: 1 }).success).toBe(false);
    expect(ManualEndpointInput.safeParse(input('1'.repeat(65))).success).toBe(false);
    expect(ManualEndpointInput.safeParse(input('1.2.3.4', Array.from({ length: 101 }, (_, i) => ({ ...http, name: `p${i}` })))).success).toBe(false);
    expect(ManualEndpointInput.safeParse({ ...input('1.2.3.4'), ports: [{ ...http, protocol: 'HTTP' }] }).success).toBe(false);
  });
});

describe('withManualEndpoint / withoutAddress: the EndpointSlices the console writes', () => {
  it('builds a slice labelled for the Service and managed by Portico, valid for the API', () => {
    const s = withManualEndpoint(undefined, 'demo', 'legacy', input('10.0.0.12'));
    expect(s).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: manualSliceName('legacy', 'IPv4', [http]), namespace: 'demo', labels: { [SERVICE_NAME_LABEL]: 'legacy', [MANAGED_BY_LABEL]: PORTICO_ENDPOINTS_MANAGER } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.12'], conditions: { ready: true, serving: true, terminating: false } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    expect(s.metadata.name).toMatch(/^legacy-portico-[0-9a-f]{8}$/);
    expect(validateObject(s)).toEqual([]);
  });

  it('one slice per address family and port set; the same ports land in the same slice', () => {
    expect(manualSliceName('legacy', 'IPv4', [http])).toBe(manualSliceName('legacy', 'IPv4', [{ ...http }]));
    expect(manualSliceName('legacy', 'IPv4', [http])).not.toBe(manualSliceName('legacy', 'IPv6', [http]));
    expect(manualSliceName('legacy', 'IPv4', [http])).not.toBe(manualSliceName('legacy', 'IPv4', [{ ...http, port: 8081 }]));
    const a = { name: 'a', port: 1, protocol: 'TCP' as const };
    const b = { name: 'b', port: 2, protocol: 'TCP' as const };
    expect(manualSliceName('x', 'IPv4', [a, b])).toBe(manualSliceName('x', 'IPv4', [b, a]));
    expect(manualSliceName('x'.repeat(300), 'IPv4', [a]).length).toBeLessThanOrEqual(253);
  });

  it('adds to an existing slice (keeping its resourceVersion), replaces a repeated address, and removes', () => {
    const first = withManualEndpoint(undefined, 'demo', 'legacy', input('10.0.0.12'));
    const stored = { ...first, metadata: { ...first.metadata, resourceVersion: '42' } };
    const second = withManualEndpoint(stored, 'demo', 'legacy', input('10.0.0.13', [http], false));
    expect(second.metadata.resourceVersion).toBe('42');
    expect(second.endpoints?.map((e) => [e.addresses[0], e.conditions?.ready])).toEqual([
      ['10.0.0.12', true],
      ['10.0.0.13', false],
    ]);
    const again = withManualEndpoint(second, 'demo', 'legacy', input('10.0.0.13'));
    expect(again.endpoints?.map((e) => [e.addresses[0], e.conditions?.ready])).toEqual([
      ['10.0.0.12', true],
      ['10.0.0.13', true],
    ]);
    expect(withoutAddress(again, '10.0.0.12')?.endpoints?.map((e) => e.addresses[0])).toEqual(['10.0.0.13']);
    expect(withoutAddress(withoutAddress(again, '10.0.0.12')!, '10.0.0.13')).toBeNull();
  });

  it('refuses a slice beyond the API limit of 1000 endpoints', () => {
    const full = withManualEndpoint(undefined, 'demo', 'legacy', input('10.0.0.1'));
    full.endpoints = Array.from({ length: 1000 }, (_, i) => ({ addresses: [`10.1.${i >> 8}.${i & 255}`] }));
    expect(() => withManualEndpoint(full, 'demo', 'legacy', input('10.9.9.9'))).toThrow('at most 1000');
  });

  it("maps the API's address causes (the dev cluster's admission) back to the address field", () => {
    expect(causesForForm([{ field: 'endpoints[2].addresses[0]', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' }, { field: 'ports[0].port', message: 'x' }])).toEqual([
      { field: 'address', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' },
      { field: 'ports[0].port', message: 'x' },
    ]);
  });
});

describe('endpointRows', () => {
  it("lists every slice of the Service with its state and whether the console manages it", () => {
    const manual = withManualEndpoint(undefined, 'demo', 'legacy', input('10.0.0.12'));
    const pods = {
      metadata: { name: 'legacy-abc', labels: { [SERVICE_NAME_LABEL]: 'legacy', [MANAGED_BY_LABEL]: 'endpointslice-controller.k8s.io' } },
      addressType: 'IPv4' as const,
      endpoints: [{ addresses: ['127.1.0.5'], conditions: { ready: false, serving: true, terminating: true }, targetRef: { kind: 'Pod', name: 'web-1' } }],
      ports: [{ name: 'http', port: 3000 }],
    };
    const other = { ...pods, metadata: { name: 'x', labels: { [SERVICE_NAME_LABEL]: 'other' } } };
    expect(endpointRows([manual, pods, other], 'legacy')).toEqual([
      { slice: manual.metadata.name, address: '10.0.0.12', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], ready: true, serving: true, terminating: false, manual: true, managedBy: PORTICO_ENDPOINTS_MANAGER },
      { slice: 'legacy-abc', address: '127.1.0.5', ports: [{ name: 'http', port: 3000, protocol: 'TCP' }], ready: false, serving: true, terminating: true, pod: 'web-1', manual: false, managedBy: 'endpointslice-controller.k8s.io' },
    ]);
  });
});

// Frontend client certificate validation (GEP-91) in lib/routing: which SNI names get which
// validation (default, perPort, ListenerSets of the Gateway), the lookup order, and the
// listener's ResolvedRefs when a CA reference does not resolve.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, GatewayInput, Listener } from './types';
import { GATEWAY_CLASS, gateway, tlsSecret } from './fixtures';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const https = (name: string, hostname?: string, port = 443): Listener => ({ name, port, protocol: 'HTTPS', ...(hostname ? { hostname } : {}), tls: { certificateRefs: [{ name: 'cert' }] } });
const withFrontend = (gw: GatewayInput, frontend: NonNullable<NonNullable<GatewayInput['spec']>['tls']>['frontend']): GatewayInput => ({ ...gw, spec: { ...gw.spec!, tls: { frontend } } });
const base: ClusterState = {
  gatewayClasses: [GATEWAY_CLASS],
  secrets: [tlsSecret('web', 'cert')],
  configMaps: [{ metadata: { namespace: 'web', name: 'ca' }, data: { 'ca.crt': CA } }],
};
const caRef = [{ group: '', kind: 'ConfigMap', name: 'ca' }];

describe('frontend client certificate validation', () => {
  it('applies to the HTTPS listener hostnames of the Gateway that asks; exact, then wildcard, then host-less', () => {
    const strict = withFrontend(gateway('web', 'strict', [https('a', 'a.example.com'), https('w', '*.wild.example.com')]), { default: { validation: { caCertificateRefs: caRef } } });
    const lenient = withFrontend(gateway('web', 'lenient', [https('any')]), { default: { validation: { caCertificateRefs: caRef, mode: 'AllowInsecureFallback' } } });
    const plain = gateway('web', 'plain', [https('p', 'p.example.com')]);
    const s = buildSnapshot({ ...base, gateways: [strict, lenient, plain] });
    const v = s.clientValidation!;
    expect(v.lookup('a.example.com')).toMatchObject({ gateway: 'web/strict', mode: 'AllowValidOnly', caPems: [CA] });
    expect(v.lookup('x.y.wild.example.com')?.gateway).toBe('web/strict');
    expect(v.lookup('p.example.com')?.gateway).toBe('web/lenient'); // the host-less listener of "lenient" covers every other name
    expect(v.lookup('other.test')?.mode).toBe('AllowInsecureFallback');
    expect(buildSnapshot({ ...base, gateways: [plain] }).clientValidation).toBeUndefined();
  });

  it('perPort overrides the default for listeners on that port', () => {
    const gw = withFrontend(gateway('web', 'gw', [https('a', 'a.example.com'), https('b', 'b.example.com', 8443)]), {
      default: { validation: { caCertificateRefs: caRef } },
      perPort: [{ port: 8443, tls: { validation: { caCertificateRefs: caRef, mode: 'AllowInsecureFallback' } } }],
    });
    const v = buildSnapshot({ ...base, gateways: [gw] }, { httpsPort: 8443 }).clientValidation!;
    expect(v.lookup('a.example.com')?.mode).toBe('AllowValidOnly');
    expect(v.lookup('b.example.com')?.mode).toBe('AllowInsecureFallback');
  });

  it('a CA reference that does not resolve: the listener is ResolvedRefs=False and no CA is trusted (fails closed)', () => {
    const gw = withFrontend(gateway('web', 'gw', [https('a', 'a.example.com')]), { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'missing' }] } } });
    const state = { ...base, gateways: [gw] };
    const s = buildSnapshot(state);
    expect(s.clientValidation!.lookup('a.example.com')?.caPems).toEqual([]);
    const l = computeStatuses(state, s).gateways[0].listeners[0];
    expect(l.conditions.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCACertificateRef' });
  });
});

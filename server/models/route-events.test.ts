import { describe, expect, it } from 'vitest';
import { hostOwnershipWarnings } from './route-events';

const ingress = {
  metadata: { name: 'login', namespace: 'own-b' },
  spec: { tls: [{ hosts: ['shop.example.com'], secretName: 'cert' }], rules: [{ host: 'shop.example.com', http: { paths: [] } }, { host: 'b.example.com', http: { paths: [] } }] },
};
// as the gateway writes them (gateway/controller/status-writer.ts: `${field}: ${message}`)
const claimed = (field: string, host: string, owner: string) => ({
  type: 'Warning',
  reason: 'HostClaimedByOtherNamespace',
  message: `${field}: host "${host}" belongs to namespace "${owner}", whose Ingress claimed it first (oldest creationTimestamp, then namespace/name); this Ingress gets no traffic for it`,
});

describe('host ownership warnings on the route detail', () => {
  it('names the host and the owner namespace, for rules and TLS hosts', () => {
    expect(hostOwnershipWarnings(ingress, [claimed('spec.rules[0].host', 'shop.example.com', 'own-a'), claimed('spec.tls[0].hosts[0]', 'shop.example.com', 'own-a'), { type: 'Normal', reason: 'PathConflict', message: 'x' }])).toEqual([
      'Host shop.example.com belongs to namespace own-a (it claimed the host first): this route gets no traffic for shop.example.com.',
      "Host shop.example.com belongs to namespace own-a (it claimed the host first): this route's TLS certificate is not used for it.",
    ]);
  });
  it('drops Events for hosts the Ingress no longer names, and duplicates', () => {
    const edited = { ...ingress, spec: { rules: [{ host: 'b.example.com' }] } };
    expect(hostOwnershipWarnings(edited, [claimed('spec.rules[0].host', 'shop.example.com', 'own-a')])).toEqual([]);
    const twice = [claimed('spec.rules[0].host', 'shop.example.com', 'own-a'), claimed('spec.rules[0].host', 'shop.example.com', 'own-a')];
    expect(hostOwnershipWarnings(ingress, twice)).toHaveLength(1);
  });
});

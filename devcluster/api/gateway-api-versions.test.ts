import { describe, expect, it } from 'vitest';
import { parseGatewayApiVersions } from './gateway-api-versions';

describe('DEVCLUSTER_GATEWAY_API_VERSIONS', () => {
  it('unset or v1.6: everything; v1.2: the v1.2 CRD versions; anything else: an error naming the variable', () => {
    expect(parseGatewayApiVersions(undefined)).toBeUndefined();
    expect(parseGatewayApiVersions(' v1.6 ')).toBeUndefined();
    expect(parseGatewayApiVersions('v1.2')).toMatchObject({ ReferenceGrant: ['v1beta1'], TCPRoute: ['v1alpha2'], TLSRoute: ['v1alpha2'] });
    expect(parseGatewayApiVersions('v1.2')!.ListenerSet).toBeUndefined();
    expect(() => parseGatewayApiVersions('v1.3')).toThrow('DEVCLUSTER_GATEWAY_API_VERSIONS must be one of v1.6, v1.2, got "v1.3"');
    expect(() => parseGatewayApiVersions('toString')).toThrow('DEVCLUSTER_GATEWAY_API_VERSIONS must be one of');
  });
});

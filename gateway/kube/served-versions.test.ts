// Which version of a Gateway API kind to watch, from discovery answers (a fake client: pure unit test).
import { describe, expect, it } from 'vitest';
import { kindByKind } from '@/lib/k8s/kinds';
import { KubeApiError } from './client';
import { ServedVersions, compareKubeVersions, knownVersions } from './served-versions';

const G = 'gateway.networking.k8s.io';

/** A discovery server: version -> resources (plural:Kind); records every GET. */
function discovery(served: Record<string, string[]> | undefined) {
  const gets: string[] = [];
  const client = {
    get: async <T>(path: string): Promise<T> => {
      gets.push(path);
      if (!served) throw new KubeApiError(404, { code: 404 }, `GET ${path}`);
      if (path === `/apis/${G}`) return { versions: Object.keys(served).map((version) => ({ version })) } as T;
      const v = path.split('/')[3];
      if (!served[v]) throw new KubeApiError(404, { code: 404 }, `GET ${path}`);
      return { resources: served[v].flatMap((pk) => [{ name: pk.split(':')[0], kind: pk.split(':')[1] }, { name: `${pk.split(':')[0]}/status`, kind: pk.split(':')[1] }]) } as T;
    },
  };
  return { client, gets };
}

describe('ServedVersions', () => {
  it('orders versions as Kubernetes does', () => {
    expect(['v1alpha2', 'v1beta1', 'v1', 'v1alpha3', 'v2'].sort(compareKubeVersions)).toEqual(['v2', 'v1', 'v1beta1', 'v1alpha3', 'v1alpha2']);
    expect(knownVersions(kindByKind('TLSRoute'))).toEqual(['v1', 'v1alpha3', 'v1alpha2']);
  });

  it('picks the newest version we understand per kind (v1.2 CRDs), caching discovery', async () => {
    const { client, gets } = discovery({ v1: ['gateways:Gateway', 'httproutes:HTTPRoute'], v1beta1: ['referencegrants:ReferenceGrant', 'httproutes:HTTPRoute'], v1alpha2: ['tcproutes:TCPRoute', 'tlsroutes:TLSRoute', 'referencegrants:ReferenceGrant'] });
    const sv = new ServedVersions(client);
    expect(await sv.pick(kindByKind('HTTPRoute'))).toBe('v1');
    expect(await sv.pick(kindByKind('ReferenceGrant'))).toBe('v1beta1');
    expect(await sv.pick(kindByKind('TCPRoute'))).toBe('v1alpha2');
    expect(await sv.pick(kindByKind('GRPCRoute'))).toBeUndefined();
    expect(sv.versionOf('TCPRoute')).toBe('v1alpha2');
    expect(sv.versionOf('GRPCRoute')).toBeUndefined();
    expect(gets).toHaveLength(4); // the group, then its three versions: once
    sv.invalidate(G);
    await sv.pick(kindByKind('TCPRoute'));
    expect(gets).toHaveLength(8);
  });

  it('no group at all (CRDs not installed): undefined, asked again next time', async () => {
    const { client, gets } = discovery(undefined);
    const sv = new ServedVersions(client, 0);
    expect(await sv.pick(kindByKind('HTTPRoute'))).toBeUndefined();
    expect(await sv.pick(kindByKind('HTTPRoute'))).toBeUndefined();
    expect(gets).toEqual([`/apis/${G}`, `/apis/${G}`]);
  });
});

/** Resource paths: /api/v1/... and /apis/<group>/<version>/... to a resource, namespace, name and subresource. */
import { resourceByPath, type ResourceDef } from './resources';

export interface Route {
  def: ResourceDef;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Parses /api/v1/... and /apis/g/v/... resource paths; returns undefined for non-resource paths. */
export function parseResourcePath(parts: string[]): { route?: Route; group: string; version: string; watchPrefix: boolean } | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else return undefined;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nsDef = resourceByPath(group, version, rest[2]);
    if (nsDef && nsDef.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const def = resourceByPath(group, version, rest[0]);
  if (!def || rest.length > 3) return { group, version, watchPrefix };
  if (namespace === undefined && def.namespaced && rest.length > 1) return { group, version, watchPrefix }; // item path needs a namespace
  if (!def.namespaced && namespace !== undefined) return { group, version, watchPrefix };
  return { route: { def, namespace, name: rest[1], subresource: rest[2] }, group, version, watchPrefix };
}

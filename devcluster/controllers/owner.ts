/** Ownership between objects, as the built-in controllers record it. */
import type { KubeObject } from '../store/registry';

/** The ownerReference a controller puts on what it creates for `owner` (GC follows it). */
export function controllerRef(apiVersion: string, kind: string, owner: KubeObject) {
  return { apiVersion, kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export function controllerOf(obj: KubeObject): { kind: string; name: string; uid: string } | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

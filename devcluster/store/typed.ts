/**
 * Typed views of stored objects. Every object in the store went through admission, which
 * validates it against its kind's zod schema in lib/k8s, so a stored Pod has lib/k8s's Pod
 * type: controllers read it as such instead of as a bag of `any`.
 */
import type { KubeObject } from './registry';

export function stored<T extends { metadata: object }>(o: KubeObject): T {
  return o as unknown as T;
}

/**
 * The defaulting and validation the write path calls: lib/k8s (shared with the console)
 * provides both; the registry takes them as an injectable pair.
 */
import { applyDefaults, validateObject } from '../../lib/k8s';
import type { KubeObject } from './registry';
import type { StatusCause } from './errors';

export interface SchemaFunctions {
  applyDefaults(obj: KubeObject): KubeObject;
  validateObject(obj: KubeObject, oldObj?: KubeObject): StatusCause[];
}

export const k8sSchema: SchemaFunctions = {
  applyDefaults: (obj) => applyDefaults(obj),
  validateObject: (obj, old) => validateObject(obj, old),
};

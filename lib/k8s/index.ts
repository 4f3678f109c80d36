/**
 * Kubernetes schemas, validation and defaulting shared by the dev cluster, the gateway
 * and the console. Isomorphic: imports nothing of ours outside lib/k8s.
 */
export * from './causes';
export * from './schemas/meta';
export * from './schemas/core';
export * from './schemas/apps';
export * from './schemas/discovery';
export * from './schemas/networking';
export * from './schemas/gateway';
export * from './schemas/misc';
export * from './validation/primitives';
export {
  validateLabels,
  validateAnnotations,
  validateLabelSelector,
  validateObjectMeta,
  jsonEqual,
  type NameRule,
} from './validation/common';
export { ingressHostErrors, ingressPathErrors, PATH_TYPES } from './validation/networking';
export { gatewayHostnameErrors, httpPathErrors, headerNameErrors, durationErrors } from './validation/gateway';
export * from './selectors';
export * from './pods';
export * from './kinds';
export { validateObject, stripNulls, formatFieldPath, typeErrors } from './validate';
export { applyDefaults, base64Encode } from './defaults';

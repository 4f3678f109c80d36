import 'server-only';
export { getServiceKubeClient, KubeClient, type KubeObject, type KubeList, type WatchEvent } from './client';
export { getKubeClient } from './request-client';
export { getRequestIdentity, type RequestIdentity } from './identity';
export { KubeError, toActionError, asResult, invalid, fieldErrorsFromStatus } from './errors';
export { RESOURCES, resourcePath, apiVersionOf, type ResourceName } from './resources';
export { kubeconfigSource, loadKubeConfig, loadServiceKubeConfig } from './config';

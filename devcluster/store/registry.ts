/**
 * The in-process contract between the dev cluster's API machinery (REST, storage, watch)
 * and its built-in controllers (Deployment -> Pods, Services, EndpointSlices, namespaces).
 *
 * Controllers go through the same admission path (defaulting, validation, resourceVersion,
 * events) as HTTP clients: they call a Registry, never the database.
 *
 * Resource keys are "<plural>" for the core group and "<plural>.<group>" otherwise,
 * e.g. "pods", "services", "deployments.apps", "endpointslices.discovery.k8s.io".
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Write the status subresource: only `status` of the given object is taken. */
  subresource?: 'status';
  /** Stored as metadata.managedFields (server-side apply); otherwise the stored ones are kept. */
  managedFields?: Array<Record<string, unknown>>;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

export interface Registry {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, options?: ListOptions): { items: KubeObject[]; resourceVersion: string };
  /** Throws ApiError (a Kubernetes Status) on invalid input, conflicts, missing namespace. */
  create(resource: string, namespace: string | undefined, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Optimistic concurrency: a stale metadata.resourceVersion throws ApiError 409. */
  update(resource: string, namespace: string | undefined, object: KubeObject, options?: WriteOptions): KubeObject;
  /** Returns the deleted object (or the object marked with deletionTimestamp when finalizers remain). */
  delete(resource: string, namespace: string | undefined, name: string, options?: DeleteOptions): KubeObject;
  /**
   * Live events from now on (or from `resourceVersion` when given and still retained).
   * Returns an unsubscribe function.
   */
  watch(
    resource: string,
    options: ListOptions & { resourceVersion?: string },
    onEvent: (event: WatchEvent) => void,
  ): () => void;
}

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: AdmissionOperation;
  resource: string;
  subresource?: 'status';
  namespace?: string;
  /** The object to be stored (after defaulting). Undefined for DELETE. */
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
}

/**
 * Runs inside the write, after defaulting and before validation and storage. Returns the
 * (possibly mutated) object, or throws ApiError to refuse the write. Used for work the
 * real API server does synchronously in its REST storage: ClusterIP and NodePort
 * allocation, pod IP assignment.
 */
export type AdmissionHook = (request: AdmissionRequest) => KubeObject | undefined;

export interface AdmissionRegistry {
  registerAdmission(resource: string, hook: AdmissionHook): void;
}

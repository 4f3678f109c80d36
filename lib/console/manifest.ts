import type { ObjectMeta } from '@/lib/k8s';

/**
 * Any Kubernetes object the console edits as text or replays edits on: the zod ObjectMeta
 * plus whatever the kind carries (kept as unknown until a kind's own schema type is used).
 */
export type Manifest = {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [k: string]: unknown;
};

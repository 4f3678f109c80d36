/**
 * Shared Kubernetes API types as zod schemas. Loose objects keep unknown fields; no
 * transforms, so `z.toJSONSchema` works for the console's forms and Monaco.
 */
import { z } from 'zod';

export const int = () => z.number().int();
export const stringMap = () => z.record(z.string(), z.string());

/** IntOrString (e.g. targetPort: 8080 or "http"). */
export const IntOrString = z.union([z.number().int(), z.string()]);

export const OwnerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

export const ObjectMeta = z.looseObject({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: int().optional(),
  labels: stringMap().optional(),
  annotations: stringMap().optional(),
  finalizers: z.array(z.string()).optional(),
  ownerReferences: z.array(OwnerReference).optional(),
  managedFields: z.array(z.looseObject({})).optional(),
});

export const LabelSelectorRequirement = z.looseObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});

export const LabelSelector = z.looseObject({
  matchLabels: stringMap().optional(),
  matchExpressions: z.array(LabelSelectorRequirement).optional(),
});

export const Condition = z.looseObject({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  observedGeneration: int().optional(),
  lastTransitionTime: z.string().optional(),
  lastUpdateTime: z.string().optional(),
  lastProbeTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});

export const LocalObjectReference = z.looseObject({ name: z.string().optional() });

export const TypedLocalObjectReference = z.looseObject({
  apiGroup: z.string().optional(),
  kind: z.string(),
  name: z.string(),
});

export const ObjectReference = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});

/** A top-level resource: apiVersion + kind constants, metadata, and the kind's own fields. */
export function resource<A extends string, K extends string, S extends z.core.$ZodLooseShape>(
  apiVersion: A,
  kind: K,
  shape: S,
) {
  return z.looseObject({
    apiVersion: z.literal(apiVersion),
    kind: z.literal(kind),
    metadata: ObjectMeta,
    ...shape,
  });
}

export type ObjectMeta = z.infer<typeof ObjectMeta>;
export type OwnerReference = z.infer<typeof OwnerReference>;
export type LabelSelector = z.infer<typeof LabelSelector>;
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirement>;
export type Condition = z.infer<typeof Condition>;
export type IntOrString = z.infer<typeof IntOrString>;
export type ObjectReference = z.infer<typeof ObjectReference>;

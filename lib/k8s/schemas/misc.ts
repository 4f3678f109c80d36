/** coordination.k8s.io/v1 Lease, policy/v1 PodDisruptionBudget and rbac.authorization.k8s.io/v1 kinds. */
import { z } from 'zod';
import { LabelSelector, int, resource } from './meta';

export const Lease = resource('coordination.k8s.io/v1', 'Lease', {
  spec: z
    .looseObject({
      holderIdentity: z.string().optional(),
      leaseDurationSeconds: int().optional(),
      acquireTime: z.string().optional(),
      renewTime: z.string().optional(),
      leaseTransitions: int().optional(),
    })
    .optional(),
});

/** Served so deployment manifests (e.g. deploy/) apply; the dev cluster never evicts pods. */
export const PodDisruptionBudget = resource('policy/v1', 'PodDisruptionBudget', {
  spec: z
    .looseObject({
      minAvailable: z.union([int(), z.string()]).optional(),
      maxUnavailable: z.union([int(), z.string()]).optional(),
      selector: LabelSelector.optional(),
      unhealthyPodEvictionPolicy: z.enum(['IfHealthyBudget', 'AlwaysAllow']).optional(),
    })
    .optional(),
  status: z.looseObject({}).optional(),
});

export const PolicyRule = z.looseObject({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});

export const Subject = z.looseObject({
  kind: z.string(),
  apiGroup: z.string().optional(),
  name: z.string(),
  namespace: z.string().optional(),
});

export const RoleRef = z.looseObject({ apiGroup: z.string(), kind: z.string(), name: z.string() });

const RBAC = 'rbac.authorization.k8s.io/v1';
export const Role = resource(RBAC, 'Role', { rules: z.array(PolicyRule).optional() });
export const ClusterRole = resource(RBAC, 'ClusterRole', {
  rules: z.array(PolicyRule).optional(),
  aggregationRule: z
    .looseObject({ clusterRoleSelectors: z.array(LabelSelector).optional() })
    .optional(),
});
export const RoleBinding = resource(RBAC, 'RoleBinding', {
  subjects: z.array(Subject).optional(),
  roleRef: RoleRef,
});
export const ClusterRoleBinding = resource(RBAC, 'ClusterRoleBinding', {
  subjects: z.array(Subject).optional(),
  roleRef: RoleRef,
});

export type Lease = z.infer<typeof Lease>;
export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudget>;
export type PolicyRule = z.infer<typeof PolicyRule>;
export type Role = z.infer<typeof Role>;
export type ClusterRole = z.infer<typeof ClusterRole>;
export type RoleBinding = z.infer<typeof RoleBinding>;
export type ClusterRoleBinding = z.infer<typeof ClusterRoleBinding>;

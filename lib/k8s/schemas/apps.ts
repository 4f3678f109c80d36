/** apps/v1 Deployment. */
import { z } from 'zod';
import { Condition, IntOrString, LabelSelector, int, resource } from './meta';
import { PodTemplateSpec } from './core';

export const DeploymentStrategy = z.looseObject({
  type: z.enum(['Recreate', 'RollingUpdate']).optional(),
  rollingUpdate: z
    .looseObject({ maxSurge: IntOrString.optional(), maxUnavailable: IntOrString.optional() })
    .optional(),
});

export const DeploymentSpec = z.looseObject({
  replicas: int().optional(),
  selector: LabelSelector,
  template: PodTemplateSpec,
  strategy: DeploymentStrategy.optional(),
  minReadySeconds: int().optional(),
  revisionHistoryLimit: int().optional(),
  paused: z.boolean().optional(),
  progressDeadlineSeconds: int().optional(),
});

export const DeploymentStatus = z.looseObject({
  observedGeneration: int().optional(),
  replicas: int().optional(),
  updatedReplicas: int().optional(),
  readyReplicas: int().optional(),
  availableReplicas: int().optional(),
  unavailableReplicas: int().optional(),
  conditions: z.array(Condition).optional(),
  collisionCount: int().optional(),
});

export const Deployment = resource('apps/v1', 'Deployment', {
  spec: DeploymentSpec,
  status: DeploymentStatus.optional(),
});

export type Deployment = z.infer<typeof Deployment>;
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

// Each kind's zod schema (what the dev cluster validates and serves, what the console parses),
// kept apart from the kind facts in kinds.ts: code that needs only the facts (the gateway) then
// loads no zod (~18 MB of RSS for building every schema).
import type { z } from 'zod';
import * as core from './schemas/core';
import * as apps from './schemas/apps';
import * as discovery from './schemas/discovery';
import * as networking from './schemas/networking';
import * as gateway from './schemas/gateway';
import * as misc from './schemas/misc';
import type { KindName } from './kinds';

export const KIND_SCHEMAS = {
  Namespace: core.Namespace,
  Service: core.Service,
  Endpoints: core.Endpoints,
  Pod: core.Pod,
  Secret: core.Secret,
  ConfigMap: core.ConfigMap,
  Event: core.Event,
  Node: core.Node,
  Deployment: apps.Deployment,
  EndpointSlice: discovery.EndpointSlice,
  Ingress: networking.Ingress,
  IngressClass: networking.IngressClass,
  GatewayClass: gateway.GatewayClass,
  Gateway: gateway.Gateway,
  HTTPRoute: gateway.HTTPRoute,
  GRPCRoute: gateway.GRPCRoute,
  ReferenceGrant: gateway.ReferenceGrant,
  TCPRoute: gateway.TCPRoute,
  TLSRoute: gateway.TLSRoute,
  UDPRoute: gateway.UDPRoute,
  ListenerSet: gateway.ListenerSet,
  BackendTLSPolicy: gateway.BackendTLSPolicy,
  Lease: misc.Lease,
  PodDisruptionBudget: misc.PodDisruptionBudget,
  Role: misc.Role,
  ClusterRole: misc.ClusterRole,
  RoleBinding: misc.RoleBinding,
  ClusterRoleBinding: misc.ClusterRoleBinding,
} as const satisfies Record<KindName, z.ZodType>;

export type KindSchemas = typeof KIND_SCHEMAS;

/** The schema of a kind by name (every registered kind has one). */
export function schemaOf(kind: string): z.ZodType | undefined {
  return (KIND_SCHEMAS as Record<string, z.ZodType>)[kind];
}

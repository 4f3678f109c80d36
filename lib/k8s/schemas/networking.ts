/** networking.k8s.io/v1 Ingress and IngressClass. */
import { z } from 'zod';
import { TypedLocalObjectReference, int, resource } from './meta';

export const PathType = z.enum(['Exact', 'Prefix', 'ImplementationSpecific']);

export const IngressServiceBackend = z.looseObject({
  name: z.string(),
  port: z.looseObject({ name: z.string().optional(), number: int().optional() }).optional(),
});

export const IngressBackend = z.looseObject({
  service: IngressServiceBackend.optional(),
  resource: TypedLocalObjectReference.optional(),
});

export const HTTPIngressPath = z.looseObject({
  path: z.string().optional(),
  pathType: PathType,
  backend: IngressBackend,
});

export const IngressRule = z.looseObject({
  host: z.string().optional(),
  http: z.looseObject({ paths: z.array(HTTPIngressPath) }).optional(),
});

export const IngressTLS = z.looseObject({
  hosts: z.array(z.string()).optional(),
  secretName: z.string().optional(),
});

export const IngressSpec = z.looseObject({
  ingressClassName: z.string().optional(),
  defaultBackend: IngressBackend.optional(),
  tls: z.array(IngressTLS).optional(),
  rules: z.array(IngressRule).optional(),
});

const LoadBalancerIngress = z.looseObject({
  ip: z.string().optional(),
  hostname: z.string().optional(),
  ports: z
    .array(
      z.looseObject({ port: int(), protocol: z.string().optional(), error: z.string().optional() }),
    )
    .optional(),
});

export const Ingress = resource('networking.k8s.io/v1', 'Ingress', {
  spec: IngressSpec.optional(),
  status: z
    .looseObject({
      loadBalancer: z.looseObject({ ingress: z.array(LoadBalancerIngress).optional() }).optional(),
    })
    .optional(),
});

export const IngressClass = resource('networking.k8s.io/v1', 'IngressClass', {
  spec: z
    .looseObject({
      controller: z.string().optional(),
      parameters: z
        .looseObject({
          apiGroup: z.string().optional(),
          kind: z.string(),
          name: z.string(),
          scope: z.enum(['Cluster', 'Namespace']).optional(),
          namespace: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});

export type Ingress = z.infer<typeof Ingress>;
export type IngressSpec = z.infer<typeof IngressSpec>;
export type IngressRule = z.infer<typeof IngressRule>;
export type IngressBackend = z.infer<typeof IngressBackend>;
export type HTTPIngressPath = z.infer<typeof HTTPIngressPath>;
export type IngressTLS = z.infer<typeof IngressTLS>;
export type IngressClass = z.infer<typeof IngressClass>;

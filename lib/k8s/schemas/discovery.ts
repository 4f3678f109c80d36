/** discovery.k8s.io/v1 EndpointSlice. */
import { z } from 'zod';
import { ObjectReference, int, resource, stringMap } from './meta';
import { Protocol } from './core';

export const AddressType = z.enum(['IPv4', 'IPv6', 'FQDN']);

export const Endpoint = z.looseObject({
  addresses: z.array(z.string()),
  conditions: z
    .looseObject({
      ready: z.boolean().optional(),
      serving: z.boolean().optional(),
      terminating: z.boolean().optional(),
    })
    .optional(),
  hostname: z.string().optional(),
  targetRef: ObjectReference.optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  deprecatedTopology: stringMap().optional(),
  hints: z.looseObject({}).optional(),
});

export const EndpointSlicePort = z.looseObject({
  name: z.string().optional(),
  protocol: Protocol.optional(),
  port: int().optional(),
  appProtocol: z.string().optional(),
});

export const EndpointSlice = resource('discovery.k8s.io/v1', 'EndpointSlice', {
  addressType: AddressType,
  endpoints: z.array(Endpoint).optional(),
  ports: z.array(EndpointSlicePort).optional(),
});

export type EndpointSlice = z.infer<typeof EndpointSlice>;
export type Endpoint = z.infer<typeof Endpoint>;
export type EndpointSlicePort = z.infer<typeof EndpointSlicePort>;

/**
 * carryOver(prev, next): the caller states that `next` is a newer version of the same object that
 * routes exactly like `prev`: only status or bookkeeping metadata differ (same spec, labels,
 * annotations, generation, creationTimestamp, uid). What lib/routing cached for `prev` (compiled
 * Ingress fragment, compiled HTTPRoute/GRPCRoute rules and attachment) then serves `next` too, so
 * the gateway's own status write, coming back through the watch as a new object, does not make
 * the next build recompile it (1,000 routes written at startup: one build recompiling them all).
 * A wrong statement gives a wrong snapshot: only call it for objects whose routing input is equal.
 */
import type { ObjectInput } from './types';
import { carryIngressFragment } from './ingress';
import { carryRouteFragment } from './route-compile';
import { carryRouteRecord } from './route-attachment';

export function carryOver(prev: ObjectInput, next: ObjectInput): void {
  if (prev === next) return;
  carryIngressFragment(prev, next);
  carryRouteFragment(prev, next);
  carryRouteRecord(prev, next);
}

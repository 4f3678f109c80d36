// GATEWAY_INGRESS_HOST_OWNERSHIP: who may serve an Ingress host (lib/routing/host-ownership.ts).
import type { IngressHostOwnership } from '@/lib/routing';

const MODES: readonly IngressHostOwnership[] = ['namespace', 'off'];

/** Unset or empty: "namespace". Anything but the two modes stops the gateway (main.ts `setting`). */
export function parseHostOwnership(v: string | undefined): IngressHostOwnership {
  if (v === undefined || v === '') return 'namespace';
  const mode = MODES.find((m) => m === v.trim().toLowerCase());
  if (!mode) throw new Error(`GATEWAY_INGRESS_HOST_OWNERSHIP must be "namespace" (a host belongs to the namespace whose Ingress claimed it first) or "off" (every namespace may add paths to any host), got "${v.slice(0, 64)}"`);
  return mode;
}

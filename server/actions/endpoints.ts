'use server';
/**
 * Manual endpoints of a selectorless Service (issue 16 point 3): list, add and remove, as the
 * signed-in user (the cluster's RBAC decides). The slices are built by lib/endpoints/manual; the
 * API server (and the dev cluster's address admission) has the last word, and its causes come
 * back on the form's fields.
 */
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import type { EndpointSlice, Service } from '@/lib/k8s';
import {
  ManualEndpointInput,
  addressFamily,
  causesForForm,
  endpointRows,
  isPorticoManaged,
  manualSliceName,
  validateManualEndpoint,
  withManualEndpoint,
  withoutAddress,
  SERVICE_NAME_LABEL,
  type EndpointRow,
} from '@/lib/endpoints/manual';
import { RESOURCES, getKubeClient, resourcePath } from '../kube';
import { KubeError, asResult, invalid, toActionError } from '../kube/errors';
import { parseInput } from '../kube/guard';
import { objectName, projectName, serviceName } from '../kube/validate';

/** Read-modify-write attempts when another writer changed the slice in between (409). */
const ATTEMPTS = 3;

export interface ServiceEndpoints {
  /** Manual endpoints may be added: the Service has no selector and is not ExternalName. */
  manualAllowed: boolean;
  /** Why not, when not. */
  reason?: string;
  rows: EndpointRow[];
}

const Target = z.strictObject({ project: projectName, service: serviceName });

async function readService(project: string, service: string) {
  const kube = await getKubeClient();
  const svc = await kube.get<Service>('services', project, service);
  return { kube, svc };
}

function manualRefusal(svc: Service): string | undefined {
  if (svc.spec?.type === 'ExternalName') return 'an ExternalName Service gets its endpoints from DNS';
  if (Object.keys(svc.spec?.selector ?? {}).length > 0) return 'the Service has a selector: the cluster keeps its endpoints from the selected pods';
  return undefined;
}

export async function listServiceEndpointsAction(project: string, service: string): Promise<ActionResult<ServiceEndpoints>> {
  const t = parseInput(Target, { project, service });
  if (!t.ok) return t;
  return asResult(async () => {
    const { kube, svc } = await readService(project, service);
    const slices = await kube.list<EndpointSlice>('endpointslices', project, { labelSelector: `${SERVICE_NAME_LABEL}=${service}` });
    const reason = manualRefusal(svc);
    return { manualAllowed: !reason, ...(reason ? { reason } : {}), rows: endpointRows(slices.items, service) };
  });
}

/** Adds one address with its ports (one port per Service port, named like it). */
export async function addManualEndpointAction(project: string, service: string, input: unknown): Promise<ActionResult<{ slice: string }>> {
  const t = parseInput(Target, { project, service });
  if (!t.ok) return t;
  const p = parseInput(ManualEndpointInput, input);
  if (!p.ok) return p;
  const causes = validateManualEndpoint(p.data);
  if (causes.length) return invalid(`${causes[0]!.field}: ${causes[0]!.message}`, causes);
  const data = { ...p.data, address: p.data.address.trim() };
  try {
    const { kube, svc } = await readService(project, service);
    const refusal = manualRefusal(svc);
    if (refusal) return invalid(`spec.selector: manual endpoints are for Services without a selector (${refusal})`, [{ field: 'spec.selector', message: refusal }]);
    const name = manualSliceName(service, addressFamily(data.address)!, data.ports);
    for (let attempt = 1; ; attempt++) {
      const existing = await kube.find<EndpointSlice>('endpointslices', project, name);
      if (existing && !isPorticoManaged(existing)) return invalid(`EndpointSlice ${name} exists and is not managed by the console`);
      let body;
      try {
        body = withManualEndpoint(existing, project, service, data);
      } catch (err) {
        return invalid((err as Error).message, [{ field: 'address', message: (err as Error).message }]);
      }
      try {
        if (existing) await kube.replace('endpointslices', project, name, body);
        else await kube.create('endpointslices', project, body);
        return { ok: true, value: { slice: name } };
      } catch (err) {
        const retry = err instanceof KubeError && (err.code === 409 || (err.code === 404 && !!existing));
        if (retry && attempt < ATTEMPTS) continue;
        return asFormError(err);
      }
    }
  } catch (err) {
    return asFormError(err);
  }
}

/** Removes one address from a console-managed slice (the slice goes when it is empty). */
export async function removeManualEndpointAction(project: string, service: string, slice: string, address: string): Promise<ActionResult<{ removed: string }>> {
  const t = parseInput(Target, { project, service });
  if (!t.ok) return t;
  const s = parseInput(objectName, slice, 'slice');
  if (!s.ok) return s;
  if (typeof address !== 'string' || address.length > 64 || !addressFamily(address)) return invalid(`address: must be an IP address`, [{ field: 'address', message: 'must be an IP address' }]);
  return asResult(async () => {
    const kube = await getKubeClient();
    for (let attempt = 1; ; attempt++) {
      const current = await kube.get<EndpointSlice>('endpointslices', project, slice);
      if (current.metadata?.labels?.[SERVICE_NAME_LABEL] !== service || !isPorticoManaged(current))
        throw new KubeError(422, { reason: 'Invalid', message: `EndpointSlice ${slice} is not a manual endpoint list of Service ${service} kept by the console` });
      const next = withoutAddress(current, address);
      try {
        if (next) await kube.replace('endpointslices', project, slice, next);
        else await kube.call('DELETE', resourcePath(RESOURCES.endpointslices, project, slice), { body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: current.metadata?.resourceVersion } } });
        return { removed: address };
      } catch (err) {
        if (err instanceof KubeError && err.code === 409 && attempt < ATTEMPTS) continue;
        throw err;
      }
    }
  });
}

/** A failed write with the API's causes mapped back onto the form's fields. */
function asFormError(err: unknown): Extract<ActionResult<never>, { ok: false }> {
  const e = toActionError(err);
  if (e.status !== 422 || !e.fieldErrors.length) return e;
  const fieldErrors = causesForForm(e.fieldErrors);
  const first = fieldErrors[0]!;
  return { ...e, message: `${first.field}: ${first.message}`, fieldErrors };
}

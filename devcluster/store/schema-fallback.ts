/**
 * Minimal stand-in for lib/k8s defaulting/validation, used only when lib/k8s does not export
 * them. Covers what clients diff against (Service, Namespace, Secret, Deployment defaults)
 * and the most common 422s (names, ports).
 */
import type { KubeObject } from './registry';
import type { StatusCause } from './errors';
import { validateName, type SchemaFunctions } from './schema';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

function defaults(obj: KubeObject): KubeObject {
  const spec = isRec(obj.spec) ? obj.spec : undefined;
  switch (obj.kind) {
    case 'Namespace':
      obj.status = { ...(isRec(obj.status) ? obj.status : {}), phase: (isRec(obj.status) && obj.status.phase) || 'Active' };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
      break;
    case 'Service':
      if (spec) {
        spec.type ??= 'ClusterIP';
        spec.sessionAffinity ??= 'None';
        if (Array.isArray(spec.ports)) {
          for (const p of spec.ports as Rec[]) {
            if (!isRec(p)) continue;
            p.protocol ??= 'TCP';
            p.targetPort ??= p.port;
          }
        }
      }
      break;
    case 'Secret': {
      obj.type ??= 'Opaque';
      if (isRec(obj.stringData)) {
        const data = isRec(obj.data) ? obj.data : {};
        for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
        obj.data = data;
      }
      delete obj.stringData;
      break;
    }
    case 'Deployment':
      if (spec) {
        spec.replicas ??= 1;
        spec.revisionHistoryLimit ??= 10;
        spec.progressDeadlineSeconds ??= 600;
        spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
      }
      break;
  }
  return obj;
}

function validate(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  if (obj.metadata.name) causes.push(...validateName(obj.kind, obj.metadata.name));
  if (obj.kind === 'Service' && isRec(obj.spec) && Array.isArray(obj.spec.ports)) {
    (obj.spec.ports as Rec[]).forEach((p, i) => {
      const port = isRec(p) ? p.port : undefined;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(port)}: must be between 1 and 65535, inclusive`, field: `spec.ports[${i}].port` });
      }
    });
  }
  return causes;
}

export const fallbackSchema: SchemaFunctions = { applyDefaults: defaults, validateObject: validate };

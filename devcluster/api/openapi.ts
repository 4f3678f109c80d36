/**
 * /openapi/v2: a minimal document listing, for every served kind, a path whose `patch`
 * operation carries x-kubernetes-group-version-kind and a dryRun parameter. kubectl's
 * default validation and `--dry-run=server` need exactly that. Served as gnostic protobuf
 * (openapi.v2.Document) or as JSON.
 */
import { RESOURCES, groupVersion, type ResourceDef } from './resources';

function itemPath(def: ResourceDef): string {
  const base = def.group ? `/apis/${def.group}/${def.version}` : `/api/${def.version}`;
  return def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}/{name}` : `${base}/${def.plural}/{name}`;
}

// --- protobuf encoding (just the fields we use) ---
function varint(n: number): Buffer {
  const b: number[] = [];
  while (n > 127) {
    b.push((n & 127) | 128);
    n >>>= 7;
  }
  b.push(n);
  return Buffer.from(b);
}
const ld = (field: number, buf: Buffer): Buffer => Buffer.concat([varint((field << 3) | 2), varint(buf.length), buf]);
const str = (field: number, s: string): Buffer => ld(field, Buffer.from(s, 'utf8'));
// Operation.parameters -> ParametersItem.parameter -> Parameter.non_body_parameter -> query_parameter_sub_schema {in, name, type}
const queryParam = (name: string): Buffer => ld(8, ld(1, ld(2, ld(3, Buffer.concat([str(2, 'query'), str(4, name), str(6, 'string')])))));
const gvkExtension = (g: string, v: string, k: string): Buffer =>
  ld(13, Buffer.concat([str(1, 'x-kubernetes-group-version-kind'), ld(2, str(2, `group: "${g}"\nkind: ${k}\nversion: ${v}\n`))]));

let protoCache: Buffer | undefined;

export function openapiV2Protobuf(): Buffer {
  protoCache ??= Buffer.concat([
    str(1, '2.0'),
    ld(2, Buffer.concat([str(1, 'Kubernetes'), str(2, 'v1.32.0-portico')])),
    ld(
      8,
      Buffer.concat(
        RESOURCES.map((r) =>
          ld(
            2,
            Buffer.concat([
              str(1, itemPath(r)),
              ld(2, ld(8, Buffer.concat([str(5, `patch${r.kind}`), queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation'), queryParam('force'), gvkExtension(r.group, r.version, r.kind)]))),
            ]),
          ),
        ),
      ),
    ),
  ]);
  return protoCache;
}

export function openapiV2Json(): object {
  const paths: Record<string, object> = {};
  const definitions: Record<string, object> = {};
  for (const r of RESOURCES) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const params = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', type: 'string', uniqueItems: true }));
    paths[itemPath(r)] = {
      patch: { operationId: `patch${r.kind}`, parameters: params, 'x-kubernetes-action': 'patch', 'x-kubernetes-group-version-kind': gvk },
    };
    const defName = `${r.group ? r.group.split('.').reverse().join('.') : 'io.k8s.api.core'}.${r.version}.${r.kind}`;
    definitions[defName] = { type: 'object', description: `${r.kind} (${groupVersion(r)})`, 'x-kubernetes-group-version-kind': [gvk] };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0-portico' }, paths, definitions };
}

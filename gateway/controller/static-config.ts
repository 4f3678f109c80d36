// GATEWAY_STATIC_CONFIG: serve from a file of objects (YAML documents, a YAML/JSON list, or a
// v1 List) instead of a cluster. Used by benchmarks and a no-cluster mode.
import { readFileSync } from 'node:fs';
import { importCjs } from '../import-cjs';
import { partitionObjects, type KubeObject } from './store';

/** YAML's parser is loaded here, on first use: a gateway watching a cluster never needs it. */
export async function loadStaticConfig(file: string) {
  const text = readFileSync(file, 'utf8');
  const objects: KubeObject[] = [];
  const push = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(push);
    else if (v && typeof v === 'object') {
      const o = v as { kind?: string; items?: unknown[] };
      if (o.kind?.endsWith('List') && Array.isArray(o.items)) o.items.forEach(push);
      else objects.push(v as KubeObject);
    }
  };
  if (file.endsWith('.json')) push(JSON.parse(text));
  else {
    const { parseAllDocuments } = await importCjs(() => import('yaml'));
    for (const doc of parseAllDocuments(text)) push(doc.toJS());
  }
  return partitionObjects(objects);
}

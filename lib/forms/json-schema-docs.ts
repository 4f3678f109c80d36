/**
 * JSON Schema for the YAML/JSON editors from a zod schema, with one-line docs by field
 * path (`spec.rules[].host`: `[]` steps into array items).
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

function child(schema: JsonSchema | undefined, step: string): JsonSchema | undefined {
  if (!schema) return undefined;
  if (step === '[]') return schema.items as JsonSchema | undefined;
  return (schema.properties as Record<string, JsonSchema> | undefined)?.[step];
}

/** The schema node at a docs path, if there is one. */
export function schemaAt(root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const step of path.replace(/\[\]/g, '.[]').split('.')) node = child(node, step);
  return node;
}

export function documentedJsonSchema(schema: z.ZodType, title: string, docs: Record<string, string>): JsonSchema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // monaco-yaml's language server understands draft-07 keywords best; the ones zod emits
  // for these schemas are the same in both drafts.
  delete out.$schema;
  out.title = title;
  for (const [path, description] of Object.entries(docs)) {
    const node = schemaAt(out, path);
    if (node) node.description = description;
  }
  return out;
}

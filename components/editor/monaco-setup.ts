'use client';
/**
 * Monaco from our own bundle (never a CDN): @monaco-editor/react is pointed at the
 * monaco-editor package, and workers are built by the bundler from `new Worker(new URL(...))`.
 * This module is only ever reached through a dynamic import (see ./index.tsx), so pages that
 * don't open an editor don't ship Monaco.
 */
import * as monaco from 'monaco-editor';
import { loader } from '@monaco-editor/react';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';

type WorkerFactory = () => Worker;

const workers: Record<string, WorkerFactory> = {
  json: () => new Worker(new URL('monaco-editor/esm/vs/language/json/json.worker.js', import.meta.url), { type: 'module' }),
  yaml: () => new Worker(new URL('monaco-yaml/yaml.worker.js', import.meta.url), { type: 'module' }),
  editorWorkerService: () =>
    new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module' }),
};

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_moduleId: string, label: string) {
    return (workers[label] ?? workers.editorWorkerService)();
  },
};

loader.config({ monaco });

export interface EditorSchema {
  /** Stable id, e.g. "ingress"; models whose path is under /<id>/ get this schema. */
  id: string;
  schema: Record<string, unknown>;
}

const registered = new Map<string, EditorSchema>();
const monacoYaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  schemas: [],
});

function schemaUri(id: string): string {
  return `https://portico.dev/schemas/${id}.json`;
}

/** Model path for an editor bound to a schema: `file:///portico/<schema>/<name>.<lang>`. */
export function modelPath(schemaId: string | undefined, name: string, language: 'yaml' | 'json'): string {
  return `file:///portico/${schemaId ?? 'plain'}/${name}.${language}`;
}

/** Makes the schema apply to YAML and JSON models under /portico/<id>/ (idempotent). */
export function registerSchema(s: EditorSchema): void {
  const prev = registered.get(s.id);
  if (prev && prev.schema === s.schema) return;
  registered.set(s.id, s);
  const all = [...registered.values()];
  const yamlSchemas: SchemasSettings[] = all.map((e) => ({
    uri: schemaUri(e.id),
    fileMatch: [`**/portico/${e.id}/*.yaml`],
    schema: e.schema as SchemasSettings['schema'],
  }));
  void monacoYaml.update({ schemas: yamlSchemas, enableSchemaRequest: false, hover: true, completion: true, validate: true });
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    enableSchemaRequest: false,
    allowComments: false,
    schemas: all.map((e) => ({ uri: schemaUri(e.id), fileMatch: [`**/portico/${e.id}/*.json`], schema: e.schema })),
  });
}

export { monaco };

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

// Relative URLs to our own entry files: the bundler (Turbopack or webpack) emits each as a worker chunk.
const workers: Record<string, WorkerFactory> = {
  json: () => new Worker(new URL('./workers/json.worker.ts', import.meta.url), { type: 'module', name: 'json' }),
  yaml: () => new Worker(new URL('./workers/yaml.worker.ts', import.meta.url), { type: 'module', name: 'yaml' }),
  editorWorkerService: () => new Worker(new URL('./workers/editor.worker.ts', import.meta.url), { type: 'module', name: 'editor' }),
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
// monaco-yaml's worker manager calls monaco.editor.createWebWorker({ moduleId, label }), the
// pre-0.55 signature; since 0.55 that form lives at monaco.createWebWorker (it asks
// MonacoEnvironment.getWorker for the label). Hand monaco-yaml a view with the new function.
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker: monaco.createWebWorker } } as unknown as typeof monaco;
const monacoYaml = configureMonacoYaml(monacoForYaml, {
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

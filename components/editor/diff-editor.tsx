'use client';
import { DiffEditor as MonacoDiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { modelPath, registerSchema, type EditorSchema } from './monaco-setup';
import { EditorLoading } from './code-editor';
import type { ManifestLanguage } from './manifest-text';

export interface DiffEditorProps {
  /** Left side, e.g. the object as stored on the server. */
  original: string;
  /** Right side, e.g. the user's edits. */
  modified: string;
  language: ManifestLanguage;
  /** Called when the user edits the right side (when not readOnly). */
  onModifiedChange?: (value: string) => void;
  readOnly?: boolean;
  schema?: EditorSchema;
  name?: string;
  height?: number | string;
  ariaLabel?: string;
}

export default function DiffEditor({
  original,
  modified,
  language,
  onModifiedChange,
  readOnly = false,
  schema,
  name = 'diff',
  height = 480,
  ariaLabel = 'Changes',
}: DiffEditorProps) {
  if (schema) registerSchema(schema);
  const onMount: DiffOnMount = (editor) => {
    const model = editor.getModifiedEditor();
    model.onDidChangeModelContent(() => onModifiedChange?.(model.getValue()));
  };
  return (
    <div className="overflow-hidden rounded-md border border-slate-300 bg-white" data-testid="diff-editor">
      <MonacoDiffEditor
        height={height}
        language={language}
        original={original}
        modified={modified}
        originalModelPath={modelPath(schema?.id, `${name}-original`, language)}
        modifiedModelPath={modelPath(schema?.id, `${name}-modified`, language)}
        onMount={onMount}
        loading={<EditorLoading />}
        options={{
          readOnly,
          originalEditable: false,
          renderSideBySide: true,
          minimap: { enabled: false },
          automaticLayout: true,
          scrollBeyondLastLine: false,
          ariaLabel,
        }}
      />
    </div>
  );
}

'use client';
import { useEffect, useRef } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco, modelPath, registerSchema, type EditorSchema } from './monaco-setup';
import { locateField, type ManifestLanguage } from './manifest-text';

export interface EditorFieldError {
  /** Kubernetes field path, e.g. spec.rules[0].host. */
  field: string;
  message: string;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language: ManifestLanguage;
  /** JSON Schema for completion, hover docs and schema markers. */
  schema?: EditorSchema;
  /** Distinguishes models of several editors on one page. */
  name?: string;
  /** Our own validation errors (validateObject, server dry run), shown as markers. */
  fieldErrors?: EditorFieldError[];
  readOnly?: boolean;
  height?: number | string;
  ariaLabel: string;
}

const MARKER_OWNER = 'portico';

export default function CodeEditor({
  value,
  onChange,
  language,
  schema,
  name = 'manifest',
  fieldErrors = [],
  readOnly = false,
  height = 480,
  ariaLabel,
}: CodeEditorProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  if (schema) registerSchema(schema);

  const applyMarkers = () => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const text = model.getValue();
    const markers = fieldErrors.map((e) => {
      const at = locateField(text, e.field) ?? { start: 0, end: 1 };
      const s = model.getPositionAt(at.start);
      const end = model.getPositionAt(at.end);
      return {
        severity: monaco.MarkerSeverity.Error,
        message: e.field ? `${e.field}: ${e.message}` : e.message,
        startLineNumber: s.lineNumber,
        startColumn: s.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
        source: 'portico',
      };
    });
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  };

  useEffect(applyMarkers);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    applyMarkers();
  };

  return (
    <div className="overflow-hidden rounded-md border border-slate-300 bg-white" data-testid={`code-editor-${language}`}>
      <Editor
        height={height}
        language={language}
        path={modelPath(schema?.id, name, language)}
        value={value}
        onChange={(v) => onChange?.(v ?? '')}
        onMount={onMount}
        loading={<EditorLoading />}
        options={{
          readOnly,
          ariaLabel,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          tabSize: 2,
          fontSize: 13,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          quickSuggestions: { other: true, strings: true, comments: false },
          // Let Tab/Shift+Tab leave the editor for keyboard users (Ctrl+M toggles back).
          tabFocusMode: false,
        }}
      />
    </div>
  );
}

export function EditorLoading() {
  return (
    <div role="status" aria-live="polite" className="flex h-40 items-center justify-center text-sm text-slate-500">
      Loading editor…
    </div>
  );
}

'use client';
import { AlertCircle } from 'lucide-react';
import { CodeEditor, type EditorFieldError, type EditorSchema, type ManifestLanguage } from '../editor';
import type { ManifestCheck } from './manifest-check';
import { Button } from './button';

/**
 * A manifest written as YAML or JSON with its submit button: markers from the local check
 * and from the server, and the button disabled with the reason while the text is not valid.
 */
export function ManifestTextPane({
  language,
  text,
  onChange,
  schema,
  check,
  serverFields,
  busy,
  submitLabel,
  onSubmit,
  onCancel,
  ariaLabel,
  name,
}: {
  language: ManifestLanguage;
  text: string;
  onChange: (text: string) => void;
  schema: EditorSchema;
  check: ManifestCheck | null;
  serverFields: EditorFieldError[];
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  ariaLabel: string;
  name: string;
}) {
  const reason = check?.reason;
  return (
    <div className="space-y-3">
      <CodeEditor key={language} language={language} value={text} onChange={onChange} schema={schema} name={name} fieldErrors={[...(check?.causes ?? []), ...serverFields]} ariaLabel={ariaLabel} height="60vh" />
      <div className="flex items-center gap-3">
        <Button variant="primary" onClick={onSubmit} disabled={busy || !!reason} aria-describedby={reason ? `${name}-disabled-reason` : undefined}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {reason ? (
          <p id={`${name}-disabled-reason`} role="status" className="flex items-center gap-1.5 text-sm text-red-700">
            <AlertCircle className="h-4 w-4" aria-hidden /> {submitLabel} is disabled: {reason}
          </p>
        ) : null}
      </div>
    </div>
  );
}

'use client';
/** Pieces shared by the editors that offer Form | YAML | JSON (route wizard, HTTPRoute form). */
import { Tabs } from 'radix-ui';
import { AlertCircle } from 'lucide-react';
import type { EditorFieldError, ManifestLanguage } from '@/components/editor';

export type EditMode = 'form' | ManifestLanguage;

export function EditModeTabs({ mode, onChange }: { mode: EditMode; onChange: (mode: EditMode) => void }) {
  return (
    <Tabs.Root value={mode} onValueChange={(v) => onChange(v as EditMode)} activationMode="manual">
      <Tabs.List aria-label="Edit mode" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {(['form', 'yaml', 'json'] as const).map((m) => (
          <Tabs.Trigger
            key={m}
            value={m}
            className="rounded px-3 py-1 text-sm text-slate-700 outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 data-[state=active]:bg-indigo-600 data-[state=active]:text-white"
          >
            {m === 'form' ? 'Form' : m.toUpperCase()}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
    </Tabs.Root>
  );
}

/** The server's answer above a form or editor: its message and the field errors not shown in place. */
export function ServerErrors({ errors }: { errors: { message: string; fields: EditorFieldError[] } | null }) {
  if (!errors) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="flex items-center gap-1.5 font-medium">
        <AlertCircle className="h-4 w-4" aria-hidden /> {errors.message}
      </p>
      {errors.fields.length ? (
        <ul className="mt-1 list-disc pl-6">
          {errors.fields.map((f, i) => (
            <li key={i}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

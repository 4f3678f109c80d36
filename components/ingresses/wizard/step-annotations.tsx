'use client';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Plus, Trash2, Info } from 'lucide-react';
import { SUPPORTED_ANNOTATIONS, NGINX_PREFIX, isSnippetAnnotation } from '@/lib/routing/annotations';
import type { IngressForm } from '@/lib/forms/ingress-form';
import { Combobox, errorAt, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';

const SPECS = new Map(SUPPORTED_ANNOTATIONS.map((a) => [a.key, a]));
const OPTIONS = SUPPORTED_ANNOTATIONS.map((a) => ({ value: a.key, label: a.key.replace(NGINX_PREFIX, ''), detail: a.description }));

function explain(key: string): { text: string; tone: 'info' | 'warn' } | null {
  const k = key.trim();
  if (!k) return null;
  const spec = SPECS.get(k);
  if (spec) return { text: `${spec.description} (e.g. ${spec.example})`, tone: 'info' };
  if (isSnippetAnnotation(k)) return { text: 'Snippet annotations are refused by the gateway.', tone: 'warn' };
  if (k.startsWith(NGINX_PREFIX)) return { text: 'Not supported by the Portico gateway: it will be ignored.', tone: 'warn' };
  return null;
}

function AnnotationRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { control, register, formState } = useFormContext<IngressForm>();
  const key = useWatch({ control, name: `annotations.${index}.key` });
  const n = index + 1;
  const note = explain(key);
  const spec = SPECS.get(key.trim());
  return (
    <div role="group" aria-label={`Annotation ${n}`} className="grid grid-cols-[1.4fr_1fr_auto] items-start gap-2">
      <Controller
        control={control}
        name={`annotations.${index}.key`}
        render={({ field }) => (
          <Combobox
            label={`Annotation ${n} key`}
            value={field.value}
            onChange={field.onChange}
            options={OPTIONS}
            allowCustom
            placeholder="Choose or type a key"
            error={errorAt(formState.errors, `annotations.${index}.key`)}
          />
        )}
      />
      <TextField
        label={`Annotation ${n} value`}
        autoComplete="off"
        placeholder={spec?.example ?? 'value'}
        error={errorAt(formState.errors, `annotations.${index}.value`)}
        {...register(`annotations.${index}.value`)}
      />
      <Button variant="ghost" className="mt-6" aria-label={`Remove annotation ${n}`} onClick={onRemove}>
        <Trash2 className="h-4 w-4" aria-hidden />
      </Button>
      {note ? (
        <p className={`col-span-3 -mt-1 flex items-center gap-1 text-xs ${note.tone === 'warn' ? 'text-amber-700' : 'text-slate-600'}`}>
          <Info className="h-3.5 w-3.5 shrink-0" aria-hidden /> {note.text}
        </p>
      ) : null}
    </div>
  );
}

export function StepAnnotations() {
  const { control } = useFormContext<IngressForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'annotations' });
  return (
    <div className="grid max-w-4xl gap-3">
      <p className="text-sm text-slate-600">
        Annotations tune how the gateway serves this route (rewrites, redirects, canary, rate limits, CORS…). Start typing to see the ones it supports.
      </p>
      {fields.length === 0 ? <p className="text-sm text-slate-500">No annotations.</p> : null}
      {fields.map((f, i) => (
        <AnnotationRow key={f.id} index={i} onRemove={() => remove(i)} />
      ))}
      <div>
        <Button onClick={() => append({ key: '', value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add annotation
        </Button>
      </div>
    </div>
  );
}

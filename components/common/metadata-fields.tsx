'use client';
/**
 * Alias, description, labels and annotations of a form whose values extend MetadataForm
 * (lib/forms/metadata-form), e.g. the HTTPRoute form. Controls are labelled like the route
 * wizard's ("Label 1 key") so tests and screen readers address them the same way.
 */
import { useFieldArray, useFormContext } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import type { MetadataForm } from '@/lib/forms/metadata-form';
import { errorAt, TextField } from './controls';
import { Button } from './button';

export function AliasDescriptionFields() {
  const { register, formState } = useFormContext<MetadataForm>();
  const e = formState.errors;
  return (
    <>
      <TextField label="Alias" autoComplete="off" placeholder="A friendly name (optional)" hint="Stored as portico.dev/alias" error={e.alias?.message} {...register('alias')} />
      <TextField label="Description" autoComplete="off" placeholder="What this route is for (optional)" hint="Stored as portico.dev/description" error={e.description?.message} {...register('description')} />
    </>
  );
}

export function KeyValueRows({ field, title, hint }: { field: 'labels' | 'annotations'; title: string; hint: string }) {
  const { control, register, formState } = useFormContext<MetadataForm>();
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const noun = field === 'labels' ? 'Label' : 'Annotation';
  return (
    <fieldset className="grid max-w-3xl gap-3">
      <legend className="text-sm font-semibold text-slate-800">{title}</legend>
      <p className="text-sm text-slate-600">{hint}</p>
      {fields.length === 0 ? <p className="text-sm text-slate-500">No {field}.</p> : null}
      {fields.map((f, i) => (
        <div key={f.id} role="group" aria-label={`${noun} ${i + 1}`} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
          <TextField label={`${noun} ${i + 1} key`} autoComplete="off" spellCheck={false} error={errorAt(formState.errors, `${field}.${i}.key`)} {...register(`${field}.${i}.key`)} />
          <TextField label={`${noun} ${i + 1} value`} autoComplete="off" spellCheck={false} error={errorAt(formState.errors, `${field}.${i}.value`)} {...register(`${field}.${i}.value`)} />
          <Button variant="ghost" className="mt-6" aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`} onClick={() => remove(i)}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      ))}
      <div>
        <Button onClick={() => append({ key: '', value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add {noun.toLowerCase()}
        </Button>
      </div>
    </fieldset>
  );
}

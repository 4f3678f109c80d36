'use client';
/**
 * Alias, description, labels and annotations of a form whose values extend MetadataForm
 * (lib/forms/metadata-form), e.g. the HTTPRoute form. Controls are labelled like the route
 * wizard's ("Label 1 key") so tests and screen readers address them the same way.
 */
import { useFieldArray, useFormContext } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import type { KeyValueRow, MetadataForm } from '@/lib/forms/metadata-form';
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

/** Any form with key = value row lists (labels, annotations, a Service selector). */
type RowsForm = Record<string, KeyValueRow[]>;

/**
 * The key = value rows of one list field, addressed as "<noun> 1 key": the one row editor of the
 * console's forms (HTTPRoute form, Service wizard).
 */
export function KeyValueRowList({ field, noun, keyPlaceholder, valuePlaceholder }: { field: string; noun: string; keyPlaceholder?: string; valuePlaceholder?: string }) {
  const { control, register, formState } = useFormContext<RowsForm>();
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const listError = errorAt(formState.errors, field);
  return (
    <>
      {fields.length === 0 ? <p className="text-sm text-slate-500">No {noun.toLowerCase()}s.</p> : null}
      {fields.map((f, i) => (
        <div key={f.id} role="group" aria-label={`${noun} ${i + 1}`} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
          <TextField label={`${noun} ${i + 1} key`} autoComplete="off" spellCheck={false} placeholder={keyPlaceholder} error={errorAt(formState.errors, `${field}.${i}.key`)} {...register(`${field}.${i}.key`)} />
          <TextField label={`${noun} ${i + 1} value`} autoComplete="off" spellCheck={false} placeholder={valuePlaceholder} error={errorAt(formState.errors, `${field}.${i}.value`)} {...register(`${field}.${i}.value`)} />
          <Button variant="ghost" className="mt-6" aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`} onClick={() => remove(i)}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      ))}
      {listError && typeof listError === 'string' ? (
        <p role="alert" className="text-xs text-red-700">
          {listError}
        </p>
      ) : null}
      <div>
        <Button onClick={() => append({ key: '', value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add {noun.toLowerCase()}
        </Button>
      </div>
    </>
  );
}

export function KeyValueRows({ field, title, hint }: { field: 'labels' | 'annotations'; title: string; hint: string }) {
  return (
    <fieldset className="grid max-w-3xl gap-3">
      <legend className="text-sm font-semibold text-slate-800">{title}</legend>
      <p className="text-sm text-slate-600">{hint}</p>
      <KeyValueRowList field={field} noun={field === 'labels' ? 'Label' : 'Annotation'} />
    </fieldset>
  );
}

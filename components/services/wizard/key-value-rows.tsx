'use client';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import type { ServiceForm } from '@/lib/forms/service-form';
import { errorAt, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';

/** Key = value rows of the Service wizard (selector, annotations, labels); `noun` names them ("Label 1 key"). */
export function KeyValueRows({ field, noun, keyPlaceholder, valuePlaceholder }: { field: 'selector' | 'annotations' | 'labels'; noun: string; keyPlaceholder: string; valuePlaceholder: string }) {
  const { control, register, formState } = useFormContext<ServiceForm>();
  const { fields, append, remove } = useFieldArray({ control, name: field });
  const listError = errorAt(formState.errors, field);
  return (
    <div className="grid gap-2">
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
    </div>
  );
}

'use client';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import type { IngressForm } from '@/lib/forms/ingress-form';
import { errorAt, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';

export function StepLabels() {
  const { control, register, formState } = useFormContext<IngressForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'labels' });
  return (
    <div className="grid max-w-3xl gap-3">
      <p className="text-sm text-slate-600">Labels organise routes and let tools select them, e.g. app=shop.</p>
      {fields.length === 0 ? <p className="text-sm text-slate-500">No labels.</p> : null}
      {fields.map((f, i) => (
        <div key={f.id} role="group" aria-label={`Label ${i + 1}`} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
          <TextField label={`Label ${i + 1} key`} autoComplete="off" placeholder="app" error={errorAt(formState.errors, `labels.${i}.key`)} {...register(`labels.${i}.key`)} />
          <TextField label={`Label ${i + 1} value`} autoComplete="off" placeholder="shop" error={errorAt(formState.errors, `labels.${i}.value`)} {...register(`labels.${i}.value`)} />
          <Button variant="ghost" className="mt-6" aria-label={`Remove label ${i + 1}`} onClick={() => remove(i)}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      ))}
      <div>
        <Button onClick={() => append({ key: '', value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add label
        </Button>
      </div>
    </div>
  );
}

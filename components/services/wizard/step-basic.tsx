'use client';
import { useFormContext } from 'react-hook-form';
import type { ServiceForm } from '@/lib/forms/service-form';
import { TextField } from '@/components/common/controls';

/** `takenMessage`: the API refused the typed name as taken (shown until the name changes). */
export function StepBasic({ editing, autoFocusName, takenMessage }: { editing: boolean; autoFocusName: boolean; takenMessage?: string }) {
  const { register, formState } = useFormContext<ServiceForm>();
  const e = formState.errors;
  return (
    <div className="grid max-w-xl gap-4">
      <TextField
        label="Name"
        autoFocus={autoFocusName}
        readOnly={editing}
        aria-readonly={editing || undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="my-service"
        hint={editing ? 'The name of an existing service cannot change' : 'Lowercase letters, digits and "-", starting with a letter; unique in the project'}
        error={e.name?.message ?? takenMessage}
        {...register('name')}
      />
      <TextField label="Alias" autoComplete="off" placeholder="A friendly name (optional)" hint="Stored as portico.dev/alias" error={e.alias?.message} {...register('alias')} />
      <div>
        <label htmlFor="service-description" className="mb-1 block text-sm font-medium text-slate-700">
          Description
        </label>
        <textarea
          id="service-description"
          rows={3}
          placeholder="What this service is for (optional)"
          aria-invalid={e.description ? true : undefined}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm outline-none focus:border-indigo-600 focus:ring-2 focus:ring-indigo-200"
          {...register('description')}
        />
        {e.description ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {e.description.message}
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-500">Stored as portico.dev/description</p>
        )}
      </div>
    </div>
  );
}

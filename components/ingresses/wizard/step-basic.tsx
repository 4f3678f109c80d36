'use client';
import { useFormContext } from 'react-hook-form';
import type { IngressForm } from '@/lib/forms/ingress-form';
import { TextField } from '@/components/common/controls';
import type { NameStatus } from './use-name-check';

export function StepBasic({ nameStatus, editing = false, autoFocusName }: { nameStatus: NameStatus; editing?: boolean; autoFocusName: boolean }) {
  const { register, formState } = useFormContext<IngressForm>();
  const e = formState.errors;
  const nameHint = editing
    ? 'The name of an existing route cannot change'
    : nameStatus.state === 'checking'
      ? 'Checking…'
      : nameStatus.state === 'available'
        ? `✓ ${nameStatus.name} is available`
        : 'Lowercase letters, digits, "-" and "."; unique in the project';
  const nameError = e.name?.message ?? (nameStatus.state === 'taken' ? nameStatus.message : undefined);
  return (
    <div className="grid max-w-xl gap-4">
      <TextField label="Name" autoFocus={autoFocusName} readOnly={editing} autoComplete="off" spellCheck={false} placeholder="my-route" hint={nameHint} error={nameError} {...register('name')} />
      <TextField label="Alias" autoComplete="off" placeholder="A friendly name (optional)" hint="Stored as portico.dev/alias" error={e.alias?.message} {...register('alias')} />
      <div>
        <label htmlFor="route-description" className="mb-1 block text-sm font-medium text-slate-700">
          Description
        </label>
        <textarea
          id="route-description"
          rows={3}
          placeholder="What this route is for (optional)"
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

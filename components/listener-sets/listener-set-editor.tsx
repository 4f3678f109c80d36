'use client';
/**
 * Create or edit a ListenerSet with a form: the shared Gateway it attaches to (only those whose
 * allowedListeners admit the project), and per listener name, hostname, port, protocol and, for
 * HTTPS, a TLS Secret of the project (or a new one from the route wizard's TLS secret dialog).
 * The form writes over the stored object (lib/forms/listenerset-form), so fields it does not
 * show survive; edits replace at the resourceVersion they started from.
 */
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Controller, FormProvider, useFieldArray, useForm, useFormContext, useWatch, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { Plus } from 'lucide-react';
import type { Manifest } from '@/lib/console/manifest';
import type { TlsSecretSummary } from '@/lib/console/tls';
import {
  emptySetListener,
  formToListenerSet,
  LISTENER_SET_PROTOCOLS,
  listenerSetFieldToFormField,
  listenerSetFormSchema,
  listenerSetToForm,
  newListenerSetBase,
  withProtocol,
  type ListenerSetForm,
} from '@/lib/forms/listenerset-form';
import { createListenerSetAction, listListenerSetParentsAction, replaceListenerSetAction } from '@/server/actions/listener-sets';
import { listTlsSecretsAction } from '@/server/actions/tls';
import type { ListenerSetParent } from '@/server/queries/listener-sets';
import { errorAt, FieldError, Select } from '../common/controls';
import { Button } from '../common/button';
import { RemoveButton, Text } from '../gateway-routes/route-form-parts';
import { TlsSecretDialog } from '../ingresses/wizard/tls-secret-dialog';

function CertificatePicker({ index, project, secrets, onCreated }: { index: number; project: string; secrets: TlsSecretSummary[]; onCreated: (name: string) => void }) {
  const { control, formState, setValue } = useFormContext<ListenerSetForm>();
  const host = useWatch({ control, name: `listeners.${index}.hostname` }) ?? '';
  const [open, setOpen] = useState(false);
  const n = index + 1;
  return (
    <div className="grid gap-1">
      <Controller
        control={control}
        name={`listeners.${index}.certificates.0.name`}
        render={({ field }) => (
          <Select
            label={`Listener ${n} certificate`}
            value={field.value ?? ''}
            onChange={(v) => setValue(`listeners.${index}.certificates`, [{ name: v }], { shouldDirty: true, shouldValidate: formState.isSubmitted })}
            placeholder="Choose a TLS Secret"
            options={secrets.map((s) => ({ value: s.name, label: s.name, detail: s.error ?? (s.sans.join(', ') || s.subject) }))}
            error={errorAt(formState.errors, `listeners.${index}.certificates`)}
          />
        )}
      />
      <div>
        <Button variant="ghost" onClick={() => setOpen(true)}>
          <Plus className="h-4 w-4" aria-hidden /> New TLS secret for listener {n}
        </Button>
      </div>
      <TlsSecretDialog
        open={open}
        onOpenChange={setOpen}
        project={project}
        host={host.trim()}
        onCreated={(name) => {
          onCreated(name);
          setValue(`listeners.${index}.certificates`, [{ name }], { shouldDirty: true });
        }}
      />
    </div>
  );
}

function ListenerRows({ project, secrets, onSecretCreated }: { project: string; secrets: TlsSecretSummary[]; onSecretCreated: (name: string) => void }) {
  const { control, formState, setValue, getValues } = useFormContext<ListenerSetForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'listeners' });
  const listeners = useWatch({ control, name: 'listeners' }) ?? [];
  return (
    <fieldset className="grid gap-3">
      <legend className="text-sm font-semibold text-slate-800">Listeners</legend>
      <p className="text-xs text-slate-500">Each listener serves its own hostname on the shared Gateway&apos;s port (HTTPS: with this project&apos;s certificate).</p>
      {fields.map((f, i) => {
        const n = i + 1;
        const protocol = listeners[i]?.protocol;
        return (
          <div key={f.id} role="group" aria-label={`Listener ${n}`} className="grid gap-2 rounded-md border border-slate-200 bg-white p-3">
            <div className="grid grid-cols-[1fr_1.5fr_0.6fr_0.8fr_auto] items-start gap-2">
              <Text name={`listeners.${i}.name`} label={`Listener ${n} name`} placeholder="https" />
              <Text name={`listeners.${i}.hostname`} label={`Listener ${n} hostname`} placeholder="shop.example.com" />
              <Text name={`listeners.${i}.port`} label={`Listener ${n} port`} inputMode="numeric" />
              <Controller
                control={control}
                name={`listeners.${i}.protocol`}
                render={({ field }) => (
                  <Select
                    label={`Listener ${n} protocol`}
                    value={field.value}
                    onChange={(v) => setValue(`listeners.${i}`, withProtocol(getValues(`listeners.${i}`), v as (typeof LISTENER_SET_PROTOCOLS)[number]), { shouldDirty: true })}
                    options={LISTENER_SET_PROTOCOLS.map((p) => ({ value: p, label: p }))}
                    error={errorAt(formState.errors, `listeners.${i}.protocol`)}
                  />
                )}
              />
              <RemoveButton label={`Remove listener ${n}`} onClick={() => remove(i)} />
            </div>
            {protocol === 'HTTPS' ? <CertificatePicker index={i} project={project} secrets={secrets} onCreated={onSecretCreated} /> : null}
          </div>
        );
      })}
      <FieldError id="listeners-error" message={errorAt(formState.errors, 'listeners')} />
      <div>
        <Button onClick={() => append(emptySetListener())}>
          <Plus className="h-4 w-4" aria-hidden /> Add listener
        </Button>
      </div>
    </fieldset>
  );
}

export function ListenerSetEditor({ project, existing }: { project: string; existing?: Manifest }) {
  const router = useRouter();
  const editing = existing?.metadata?.name;
  const [base, setBase] = useState<unknown>(() => existing ?? newListenerSetBase(project));
  const form = useForm<ListenerSetForm>({
    resolver: zodResolver(listenerSetFormSchema),
    defaultValues: existing ? listenerSetToForm(existing, project) : { name: '', parent: '', listeners: [emptySetListener()] },
    mode: 'onTouched',
  });
  const [parents, setParents] = useState<ListenerSetParent[]>([]);
  const [secrets, setSecrets] = useState<TlsSecretSummary[]>([]);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState('');

  const loadSecrets = () =>
    void listTlsSecretsAction(project).then((r) => {
      if (r.ok) setSecrets(r.value);
    });
  useEffect(() => {
    void listListenerSetParentsAction(project).then((r) => {
      if (!r.ok) return;
      setParents(r.value);
      if (!form.getValues('parent') && r.value[0]) form.setValue('parent', `${r.value[0].namespace}/${r.value[0].name}`);
    });
    loadSecrets();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per project
  }, [project]);

  const submit = form.handleSubmit(async (values) => {
    setBusy(true);
    setServerError('');
    try {
      const manifest = formToListenerSet(values, base, project);
      const r = editing ? await replaceListenerSetAction(project, editing, manifest) : await createListenerSetAction(project, manifest);
      if (!r.ok) {
        for (const fe of r.fieldErrors) {
          const f = listenerSetFieldToFormField(fe.field, values);
          if (f) form.setError(f as FieldPath<ListenerSetForm>, { type: 'server', message: fe.message });
        }
        setServerError(r.message);
        toast.error(`The ListenerSet was not ${editing ? 'saved' : 'created'}: ${r.message}`);
        return;
      }
      const name = r.value.metadata?.name ?? editing ?? '';
      toast.success(`ListenerSet ${name} ${editing ? 'saved' : 'created'}`);
      if (editing) {
        setBase(r.value);
        form.reset(listenerSetToForm(r.value, project));
        router.refresh();
      } else router.push(`/projects/${encodeURIComponent(project)}/listenersets/${encodeURIComponent(name)}`);
    } finally {
      setBusy(false);
    }
  });

  return (
    <FormProvider {...form}>
      <form noValidate aria-label={editing ? `Edit ListenerSet ${editing}` : 'New ListenerSet'} onSubmit={(e) => void submit(e)} className="grid gap-5 rounded-lg border border-slate-200 bg-slate-50/50 p-5">
        <div className="grid max-w-xl gap-4">
          <Text name="name" label="Name" placeholder="shop-tls" readOnly={!!editing} hint={editing ? 'The name of an existing ListenerSet cannot change.' : 'Lowercase letters, digits, "-" and "."'} />
          <Controller
            control={form.control}
            name="parent"
            render={({ field, fieldState }) => (
              <Select
                label="Shared Gateway"
                value={field.value}
                onChange={field.onChange}
                placeholder={parents.length ? 'Choose a Gateway' : 'No Gateway admits ListenerSets of this project'}
                options={parents.map((p) => ({ value: `${p.namespace}/${p.name}`, label: `${p.namespace}/${p.name}`, detail: p.listeners.join(', ') }))}
                error={fieldState.error?.message}
              />
            )}
          />
        </div>
        <ListenerRows project={project} secrets={secrets} onSecretCreated={loadSecrets} />
        {serverError ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {serverError}
          </p>
        ) : null}
        <div className="flex items-center gap-2 border-t border-slate-200 pt-4">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save' : 'Create'}
          </Button>
          <Button variant="ghost" onClick={() => router.push(`/projects/${encodeURIComponent(project)}/listenersets${editing ? `/${encodeURIComponent(editing)}` : ''}`)}>
            Cancel
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

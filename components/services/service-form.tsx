'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Plus, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { toast } from 'sonner';
import { createServiceAction, updateServiceAction } from '@/server/actions/services';
import { qk } from '../live/query-keys';
import { Button } from '../common/button';
import { cn } from '../common/cn';
import { SERVICE_TYPES, emptyServiceForm, formToService, serviceFieldToFormPath, serviceFormSchema, serviceToForm, type ServiceForm } from './service-form-model';
import type { Service } from '@/lib/k8s';


const TYPE_HELP: Record<string, string> = {
  ClusterIP: 'A stable virtual IP inside the cluster.',
  Headless: 'No virtual IP: DNS returns the pod addresses directly.',
  NodePort: 'Also reachable on a port of every node.',
  LoadBalancer: 'Also gets an external load balancer address.',
  ExternalName: 'An alias for a DNS name outside the cluster.',
};

const input = 'h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500';

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-1 text-xs text-red-700" role="alert">
      {message}
    </p>
  ) : null;
}

/** Create or edit a Service. Editing keeps every field the form does not show. */
export function ServiceFormView({ project, existing }: { project: string; existing?: Service }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [formError, setFormError] = useState<string | undefined>();
  const form = useForm<ServiceForm>({
    resolver: zodResolver(serviceFormSchema),
    defaultValues: existing ? serviceToForm(existing) : emptyServiceForm(),
    mode: 'onTouched',
  });
  const { register, control, handleSubmit, watch, formState, setError } = form;
  const selector = useFieldArray({ control, name: 'selector' });
  const ports = useFieldArray({ control, name: 'ports' });
  const type = watch('type');
  const e = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const manifest = formToService(values, existing);
    const r = existing ? await updateServiceAction(project, existing.metadata.name ?? values.name, manifest) : await createServiceAction(project, manifest);
    if (r.ok) {
      toast.success(`Service ${values.name} ${existing ? 'updated' : 'created'}`);
      // The list prefix covers the list and every service's detail.
      void qc.invalidateQueries({ queryKey: qk.list(project, 'services') });
      router.push(`/projects/${project}/services/${values.name}`);
      return;
    }
    let unplaced = r.fieldErrors.length === 0;
    for (const fe of r.fieldErrors) {
      const path = serviceFieldToFormPath(fe.field);
      if (path) setError(path as FieldPath<ServiceForm>, { message: fe.message });
      else unplaced = true;
    }
    if (unplaced || r.status === 409) setFormError(r.message);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-3xl space-y-6" aria-label={existing ? 'Edit service' : 'Create service'}>
      {formError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      )}
      <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor="svc-name" className="mb-1 block text-sm font-medium">
            Name
          </label>
          <input id="svc-name" {...register('name')} disabled={!!existing} aria-invalid={!!e.name} aria-describedby="svc-name-error" className={input} placeholder="my-service" />
          <FieldError id="svc-name-error" message={e.name?.message} />
        </div>
        <fieldset>
          <legend className="mb-1 text-sm font-medium">Type</legend>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {SERVICE_TYPES.map((t) => (
              <label key={t} className={cn('cursor-pointer rounded-md border p-2.5 text-sm', type === t ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 hover:bg-slate-50')}>
                <span className="flex items-center gap-2 font-medium">
                  <input type="radio" value={t} {...register('type')} disabled={!!existing && (t === 'Headless') !== (serviceToForm(existing).type === 'Headless')} />
                  {t}
                </span>
                <span className="mt-0.5 block text-xs text-slate-500">{TYPE_HELP[t]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {type === 'ExternalName' && (
          <div>
            <label htmlFor="svc-external" className="mb-1 block text-sm font-medium">
              External name
            </label>
            <input id="svc-external" {...register('externalName')} aria-invalid={!!e.externalName} aria-describedby="svc-external-error" className={input} placeholder="db.example.com" />
            <FieldError id="svc-external-error" message={e.externalName?.message} />
          </div>
        )}
      </section>

      {type !== 'ExternalName' && (
        <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-label="Selector">
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-medium">Selector</h2>
            <Button type="button" size="sm" onClick={() => selector.append({ key: '', value: '' })}>
              <Plus className="h-3.5 w-3.5" aria-hidden /> Add label
            </Button>
          </div>
          <p className="text-xs text-slate-500">Pods carrying all these labels receive the traffic.</p>
          {selector.fields.map((f, i) => (
            <div key={f.id} className="flex items-start gap-2">
              <div className="flex-1">
                <input {...register(`selector.${i}.key`)} aria-label={`Selector ${i + 1} key`} aria-invalid={!!e.selector?.[i]?.key} className={input} placeholder="app" />
                <FieldError id={`sel-${i}-key`} message={e.selector?.[i]?.key?.message} />
              </div>
              <span className="pt-2 text-slate-400">=</span>
              <div className="flex-1">
                <input {...register(`selector.${i}.value`)} aria-label={`Selector ${i + 1} value`} aria-invalid={!!e.selector?.[i]?.value} className={input} placeholder="web" />
                <FieldError id={`sel-${i}-value`} message={e.selector?.[i]?.value?.message} />
              </div>
              <Button type="button" variant="ghost" aria-label={`Remove selector ${i + 1}`} onClick={() => selector.remove(i)}>
                <X className="h-4 w-4" />
              </Button>
            </div>
          ))}
          <FieldError id="selector-error" message={e.selector?.message ?? e.selector?.root?.message} />
        </section>
      )}

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-label="Ports">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-medium">Ports</h2>
          <Button type="button" size="sm" onClick={() => ports.append({ name: '', port: '', targetPort: '', protocol: 'TCP', appProtocol: '' })}>
            <Plus className="h-3.5 w-3.5" aria-hidden /> Add port
          </Button>
        </div>
        <div className="grid grid-cols-[1fr_6rem_8rem_6rem_1fr_2.5rem] gap-2 text-xs text-slate-500">
          <span>Name</span>
          <span>Port</span>
          <span>Target port</span>
          <span>Protocol</span>
          <span>App protocol</span>
          <span />
        </div>
        {ports.fields.map((f, i) => {
          const pe = e.ports?.[i];
          return (
            <div key={f.id} className="grid grid-cols-[1fr_6rem_8rem_6rem_1fr_2.5rem] items-start gap-2">
              <div>
                <input {...register(`ports.${i}.name`)} aria-label={`Port ${i + 1} name`} aria-invalid={!!pe?.name} className={input} placeholder="http" />
                <FieldError id={`port-${i}-name`} message={pe?.name?.message} />
              </div>
              <div>
                <input {...register(`ports.${i}.port`)} inputMode="numeric" aria-label={`Port ${i + 1} port`} aria-invalid={!!pe?.port} className={input} placeholder="80" />
                <FieldError id={`port-${i}-port`} message={pe?.port?.message} />
              </div>
              <div>
                <input {...register(`ports.${i}.targetPort`)} aria-label={`Port ${i + 1} target port`} aria-invalid={!!pe?.targetPort} className={input} placeholder="8080 or http" />
                <FieldError id={`port-${i}-target`} message={pe?.targetPort?.message} />
              </div>
              <select {...register(`ports.${i}.protocol`)} aria-label={`Port ${i + 1} protocol`} className={input}>
                <option>TCP</option>
                <option>UDP</option>
                <option>SCTP</option>
              </select>
              <div>
                <input {...register(`ports.${i}.appProtocol`)} list="app-protocols" aria-label={`Port ${i + 1} app protocol`} aria-invalid={!!pe?.appProtocol} className={input} placeholder="http" />
                <FieldError id={`port-${i}-app`} message={pe?.appProtocol?.message} />
              </div>
              <Button type="button" variant="ghost" aria-label={`Remove port ${i + 1}`} onClick={() => ports.remove(i)}>
                <X className="h-4 w-4" />
              </Button>
            </div>
          );
        })}
        <datalist id="app-protocols">
          <option value="http" />
          <option value="https" />
          <option value="kubernetes.io/h2c" />
          <option value="kubernetes.io/ws" />
          <option value="grpc" />
        </datalist>
        <FieldError id="ports-error" message={e.ports?.message ?? e.ports?.root?.message} />
      </section>

      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? 'Saving…' : existing ? 'Save service' : 'Create service'}
        </Button>
        <Button type="button" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

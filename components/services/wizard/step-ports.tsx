'use client';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import clsx from 'clsx';
import { Plus, Trash2 } from 'lucide-react';
import { emptyPort, hasNodePorts, NODE_PORT_MAX, NODE_PORT_MIN, PROTOCOLS, SERVICE_TYPES, type ServiceForm, type ServiceFormType } from '@/lib/forms/service-form';
import { errorAt, inputClass, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';

const TYPE_HELP: Record<ServiceFormType, string> = {
  ClusterIP: 'A stable virtual IP inside the cluster.',
  Headless: 'No virtual IP: DNS returns the pod addresses directly.',
  NodePort: `Also reachable on a port (${NODE_PORT_MIN}-${NODE_PORT_MAX}) of every node.`,
  LoadBalancer: 'Also gets an external load balancer address.',
  ExternalName: 'An alias for a DNS name outside the cluster.',
};

/** Step 2: the type of Service and its ports. `lockedHeadless`: an existing Service cannot gain or lose its cluster IP. */
export function StepPorts({ lockedHeadless }: { lockedHeadless?: boolean }) {
  const { control, register, formState } = useFormContext<ServiceForm>();
  const type = useWatch({ control, name: 'type' });
  const { fields, append, remove } = useFieldArray({ control, name: 'ports' });
  const e = formState.errors;
  const nodePorts = hasNodePorts(type);
  const cols = nodePorts ? 'grid-cols-[1fr_6rem_8rem_6.5rem_1fr_7rem_auto]' : 'grid-cols-[1fr_6rem_8rem_6.5rem_1fr_auto]';
  return (
    <div className="grid gap-5">
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">Type</legend>
        <div className="grid grid-cols-2 gap-2 lg:grid-cols-5">
          {SERVICE_TYPES.map((t) => {
            const disabled = lockedHeadless !== undefined && (t === 'Headless') !== lockedHeadless;
            return (
              <label
                key={t}
                className={clsx(
                  'rounded-md border p-2.5 text-sm',
                  type === t ? 'border-indigo-500 bg-indigo-50' : 'border-slate-200 bg-white hover:bg-slate-50',
                  disabled ? 'cursor-not-allowed opacity-50' : 'cursor-pointer',
                )}
              >
                <span className="flex items-center gap-2 font-medium">
                  <input type="radio" value={t} disabled={disabled} {...register('type')} />
                  {t}
                </span>
                <span className="mt-0.5 block text-xs text-slate-500">{TYPE_HELP[t]}</span>
              </label>
            );
          })}
        </div>
        {lockedHeadless !== undefined ? <p className="mt-1 text-xs text-slate-500">A service cannot switch between headless and having a cluster IP once created.</p> : null}
      </fieldset>

      {type === 'ExternalName' ? (
        <TextField label="External name" autoComplete="off" spellCheck={false} placeholder="db.example.com" className="max-w-xl" error={e.externalName?.message} {...register('externalName')} />
      ) : null}

      <section aria-label="Ports" className="grid gap-2">
        <h3 className="text-sm font-medium text-slate-700">Ports{type === 'ExternalName' || type === 'Headless' ? ' (optional)' : ''}</h3>
        <div className={clsx('grid gap-2 text-xs text-slate-500', cols)} aria-hidden>
          <span>Name</span>
          <span>Port</span>
          <span>Target port</span>
          <span>Protocol</span>
          <span>App protocol</span>
          {nodePorts ? <span>Node port</span> : null}
          <span className="w-9" />
        </div>
        {fields.map((f, i) => (
          <div key={f.id} role="group" aria-label={`Port ${i + 1}`} className={clsx('grid items-start gap-2', cols)}>
            <TextField hideLabel label={`Port ${i + 1} name`} autoComplete="off" spellCheck={false} placeholder="http" error={errorAt(e, `ports.${i}.name`)} {...register(`ports.${i}.name`)} />
            <TextField hideLabel label={`Port ${i + 1} port`} inputMode="numeric" autoComplete="off" placeholder="80" error={errorAt(e, `ports.${i}.port`)} {...register(`ports.${i}.port`)} />
            <TextField hideLabel label={`Port ${i + 1} target port`} autoComplete="off" spellCheck={false} placeholder="8080 or http" error={errorAt(e, `ports.${i}.targetPort`)} {...register(`ports.${i}.targetPort`)} />
            <select aria-label={`Port ${i + 1} protocol`} className={inputClass} {...register(`ports.${i}.protocol`)}>
              {PROTOCOLS.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <TextField hideLabel label={`Port ${i + 1} app protocol`} list="service-app-protocols" autoComplete="off" spellCheck={false} placeholder="http" error={errorAt(e, `ports.${i}.appProtocol`)} {...register(`ports.${i}.appProtocol`)} />
            {nodePorts ? (
              <TextField hideLabel label={`Port ${i + 1} node port`} inputMode="numeric" autoComplete="off" placeholder="auto" error={errorAt(e, `ports.${i}.nodePort`)} {...register(`ports.${i}.nodePort`)} />
            ) : null}
            <Button variant="ghost" aria-label={`Remove port ${i + 1}`} onClick={() => remove(i)}>
              <Trash2 className="h-4 w-4" aria-hidden />
            </Button>
          </div>
        ))}
        <datalist id="service-app-protocols">
          <option value="http" />
          <option value="https" />
          <option value="kubernetes.io/h2c" />
          <option value="kubernetes.io/ws" />
          <option value="kubernetes.io/wss" />
          <option value="grpc" />
        </datalist>
        {errorAt(e, 'ports') ? (
          <p role="alert" className="text-xs text-red-700">
            {errorAt(e, 'ports')}
          </p>
        ) : null}
        {nodePorts ? <p className="text-xs text-slate-500">Leave the node port empty to let the cluster pick one in {NODE_PORT_MIN}-{NODE_PORT_MAX}.</p> : null}
        <div>
          <Button onClick={() => append(emptyPort())}>
            <Plus className="h-4 w-4" aria-hidden /> Add port
          </Button>
        </div>
      </section>
    </div>
  );
}

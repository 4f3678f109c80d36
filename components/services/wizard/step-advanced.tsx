'use client';
import { useFormContext, useWatch } from 'react-hook-form';
import { AFFINITY_TIMEOUT_DEFAULT, AFFINITY_TIMEOUT_MAX, hasNodePorts, type ServiceForm } from '@/lib/forms/service-form';
import { inputClass, TextField } from '@/components/common/controls';
import { KeyValueRowList } from '@/components/common/metadata-fields';

function PolicySelect({ name, label, help }: { name: 'externalTrafficPolicy' | 'internalTrafficPolicy'; label: string; help: string }) {
  const { register } = useFormContext<ServiceForm>();
  const id = `service-${name}`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} className={inputClass} aria-describedby={`${id}-help`} {...register(name)}>
        <option value="">Default (Cluster)</option>
        <option value="Cluster">Cluster</option>
        <option value="Local">Local</option>
      </select>
      <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
        {help}
      </p>
    </div>
  );
}

/** Step 4: session affinity, traffic policies, load balancer source ranges and annotations. */
export function StepAdvanced() {
  const { control, register, setValue, formState } = useFormContext<ServiceForm>();
  const [type, affinity] = useWatch({ control, name: ['type', 'sessionAffinity'] });
  const e = formState.errors;
  const proxied = type !== 'ExternalName';
  return (
    <div className="grid max-w-4xl gap-5">
      {proxied ? (
        <section aria-label="Session affinity" className="grid max-w-xl gap-2">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-1"
              checked={affinity === 'ClientIP'}
              onChange={(ev) => setValue('sessionAffinity', ev.target.checked ? 'ClientIP' : 'None', { shouldDirty: true })}
            />
            <span>
              <span className="font-medium">Session affinity (ClientIP)</span>
              <span className="block text-xs text-slate-500">Requests from one client address keep going to the same pod.</span>
            </span>
          </label>
          {affinity === 'ClientIP' ? (
            <TextField
              label="Affinity timeout (seconds)"
              inputMode="numeric"
              autoComplete="off"
              placeholder={String(AFFINITY_TIMEOUT_DEFAULT)}
              hint={`1-${AFFINITY_TIMEOUT_MAX}; empty = ${AFFINITY_TIMEOUT_DEFAULT} (3 hours)`}
              error={e.sessionAffinityTimeout?.message}
              {...register('sessionAffinityTimeout')}
            />
          ) : null}
        </section>
      ) : null}
      {proxied ? (
        <div className="grid max-w-3xl gap-4 md:grid-cols-2">
          {hasNodePorts(type) ? (
            <PolicySelect name="externalTrafficPolicy" label="External traffic policy" help="Local keeps the client's source IP: only nodes with a ready pod answer." />
          ) : null}
          <PolicySelect name="internalTrafficPolicy" label="Internal traffic policy" help="Local: traffic from inside the cluster only goes to pods on the same node." />
        </div>
      ) : null}
      {type === 'LoadBalancer' ? (
        <div className="max-w-xl">
          <label htmlFor="service-source-ranges" className="mb-1 block text-sm font-medium text-slate-700">
            Load balancer source ranges
          </label>
          <textarea
            id="service-source-ranges"
            rows={3}
            spellCheck={false}
            placeholder={'10.0.0.0/8\n192.168.0.0/16'}
            aria-invalid={e.loadBalancerSourceRanges ? true : undefined}
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm shadow-sm outline-none focus:border-indigo-600 focus:ring-2 focus:ring-indigo-200"
            {...register('loadBalancerSourceRanges')}
          />
          {e.loadBalancerSourceRanges ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {e.loadBalancerSourceRanges.message}
            </p>
          ) : (
            <p className="mt-1 text-xs text-slate-500">Client CIDRs allowed to connect, one per line; empty = everyone.</p>
          )}
        </div>
      ) : null}
      <section aria-label="Annotations" className="grid gap-2">
        <h3 className="text-sm font-medium text-slate-700">Annotations</h3>
        <p className="text-xs text-slate-500">Notes and settings for tools, e.g. a cloud load balancer&apos;s options.</p>
        <div className="grid gap-2">
          <KeyValueRowList field="annotations" noun="Annotation" keyPlaceholder="example.com/owner" valuePlaceholder="value" />
        </div>
      </section>
    </div>
  );
}

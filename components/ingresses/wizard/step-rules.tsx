'use client';
import { useState } from 'react';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { RadioGroup } from 'radix-ui';
import { Plus, Trash2, ShieldCheck, AlertTriangle, Wand2 } from 'lucide-react';
import { useQuery } from '@tanstack/react-query';
import { accessAddress, nipHostFor } from '@/lib/console/access';
import type { GatewayOverview } from '@/lib/console/rows';
import { getApi } from '@/components/live/api-fetch';
import { qk } from '@/components/live/query-keys';
import { emptyPath, emptyRule, PATH_TYPES, type IngressForm } from '@/lib/forms/ingress-form';
import { hostsNotCovered, type TlsSecretSummary } from '@/lib/console/tls';
import type { ServiceSummary } from '@/lib/console/rows';
import { errorAt, FieldError, Select, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';
import { BackendPicker, RuleHeader } from '@/components/common/backend-picker';
import { TlsSecretDialog } from './tls-secret-dialog';

interface Props {
  project: string;
  services: ServiceSummary[];
  secrets: TlsSecretSummary[];
  reloadSecrets: () => void;
}


function PathRows({ ruleIndex, services }: { ruleIndex: number; services: ServiceSummary[] }) {
  const { control, register, formState } = useFormContext<IngressForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `rules.${ruleIndex}.paths` });
  const r = ruleIndex + 1;
  return (
    <fieldset className="mt-3">
      <legend className="text-sm font-medium text-slate-700">Paths</legend>
      <div className="mt-1 grid gap-3">
        {fields.map((f, j) => {
          const p = `rules.${ruleIndex}.paths.${j}` as const;
          const label = `Rule ${r} path ${j + 1} `;
          return (
            <div key={f.id} role="group" aria-label={`Rule ${r} path ${j + 1}`} className="grid grid-cols-[1.2fr_1fr_1.3fr_0.9fr_auto] items-start gap-2">
              <TextField label={`${label}path`} placeholder="/" autoComplete="off" error={errorAt(formState.errors, `${p}.path`)} {...register(`${p}.path`)} />
              <Controller
                control={control}
                name={`${p}.pathType`}
                render={({ field }) => (
                  <Select label={`${label}type`} value={field.value} onChange={field.onChange} options={PATH_TYPES.map((t) => ({ value: t, label: t }))} />
                )}
              />
              <BackendPicker base={p} services={services} labelPrefix={label} />
              <Button variant="ghost" className="mt-6" aria-label={`Remove rule ${r} path ${j + 1}`} onClick={() => remove(j)} disabled={fields.length === 1}>
                <Trash2 className="h-4 w-4" aria-hidden />
              </Button>
            </div>
          );
        })}
      </div>
      <FieldError id={`rule-${r}-paths-error`} message={errorAt(formState.errors, `rules.${ruleIndex}.paths`)} />
      <Button className="mt-2" onClick={() => append(emptyPath())}>
        <Plus className="h-4 w-4" aria-hidden /> Add path to rule {r}
      </Button>
    </fieldset>
  );
}

/** Seed 002's "auto generate": `<route>.<project>.<address>.nip.io` from the gateway's published address. */
function GenerateNipHost({ project, index }: { project: string; index: number }) {
  const { control, setValue } = useFormContext<IngressForm>();
  const name = useWatch({ control, name: 'name' });
  const gw = useQuery({ queryKey: qk.gateway(project), queryFn: () => getApi<GatewayOverview>(qk.gateway(project)) });
  const [error, setError] = useState<string>();
  const r = index + 1;
  return (
    <div className="mt-1">
      <Button
        variant="ghost"
        disabled={!gw.data}
        aria-label={`Generate nip.io host for rule ${r}`}
        onClick={() => {
          if (!gw.data) return;
          const g = nipHostFor(name || 'route', project, accessAddress([], gw.data.access).address);
          if ('error' in g) return setError(g.error);
          setError(undefined);
          setValue(`rules.${index}.host`, g.host, { shouldDirty: true, shouldValidate: true });
        }}
      >
        <Wand2 className="h-4 w-4" aria-hidden /> Generate nip.io host
      </Button>
      {error && <FieldError id={`rule-${r}-nip-error`} message={error} />}
    </div>
  );
}

function RuleCard({ index, onRemove, ...props }: Props & { index: number; onRemove: () => void }) {
  const { control, register, formState, setValue } = useFormContext<IngressForm>();
  const [dialog, setDialog] = useState(false);
  const protocol = useWatch({ control, name: `rules.${index}.protocol` });
  const host = useWatch({ control, name: `rules.${index}.host` });
  const secretName = useWatch({ control, name: `rules.${index}.tlsSecret` });
  const r = index + 1;
  const secret = props.secrets.find((s) => s.name === secretName);
  const uncovered = secret && host ? hostsNotCovered(secret.sans, [host]) : [];
  return (
    <section aria-label={`Rule ${r}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <RuleHeader number={r} onRemove={onRemove} />
      <div className="mt-2 grid grid-cols-[2fr_1fr] items-start gap-4">
        <div>
          <TextField
            label={`Rule ${r} host`}
            placeholder="shop.example.com or *.example.com"
            autoComplete="off"
            spellCheck={false}
            hint="Leave empty to match every host"
            error={errorAt(formState.errors, `rules.${index}.host`)}
            {...register(`rules.${index}.host`)}
          />
          <GenerateNipHost project={props.project} index={index} />
        </div>
        <Controller
          control={control}
          name={`rules.${index}.protocol`}
          render={({ field }) => (
            <div>
              <span id={`rule-${r}-protocol`} className="mb-1 block text-sm font-medium text-slate-700">
                Rule {r} protocol
              </span>
              <RadioGroup.Root aria-labelledby={`rule-${r}-protocol`} value={field.value} onValueChange={field.onChange} className="flex gap-4 pt-1.5">
                {(['http', 'https'] as const).map((v) => (
                  <label key={v} className="flex items-center gap-2 text-sm">
                    <RadioGroup.Item value={v} className="h-4 w-4 rounded-full border border-slate-400 outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 data-[state=checked]:border-indigo-700">
                      <RadioGroup.Indicator className="block h-full w-full scale-50 rounded-full bg-indigo-700" />
                    </RadioGroup.Item>
                    {v.toUpperCase()}
                  </label>
                ))}
              </RadioGroup.Root>
            </div>
          )}
        />
      </div>
      {protocol === 'https' ? (
        <div className="mt-3 grid grid-cols-[2fr_1fr] items-end gap-4">
          <Controller
            control={control}
            name={`rules.${index}.tlsSecret`}
            render={({ field }) => (
              <Select
                label={`Rule ${r} TLS secret`}
                value={field.value}
                onChange={field.onChange}
                options={props.secrets.map((s) => ({ value: s.name, label: s.name, detail: s.error ?? s.sans.join(', ') }))}
                placeholder={props.secrets.length ? 'Choose a TLS secret' : 'No TLS secret in this project yet'}
                error={errorAt(formState.errors, `rules.${index}.tlsSecret`)}
              />
            )}
          />
          <Button onClick={() => setDialog(true)} className="mb-0.5">
            <ShieldCheck className="h-4 w-4" aria-hidden /> Create TLS secret
          </Button>
          {uncovered.length > 0 ? (
            <p className="col-span-2 flex items-center gap-1 text-xs text-amber-700">
              <AlertTriangle className="h-3.5 w-3.5" aria-hidden /> The certificate in {secretName} does not cover {host} (it covers {secret?.sans.join(', ')}).
            </p>
          ) : null}
          <TlsSecretDialog
            open={dialog}
            onOpenChange={setDialog}
            project={props.project}
            host={host}
            onCreated={(name) => {
              props.reloadSecrets();
              setValue(`rules.${index}.tlsSecret`, name, { shouldValidate: true });
            }}
          />
        </div>
      ) : null}
      <PathRows ruleIndex={index} services={props.services} />
    </section>
  );
}

export function StepRules(props: Props) {
  const { control } = useFormContext<IngressForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  const rules = useWatch({ control, name: 'rules' });
  return (
    <div className="grid gap-4">
      {fields.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          No rules: every request goes to the default backend below.
        </p>
      ) : null}
      {fields.map((f, i) => (
        <RuleCard key={f.id} index={i} onRemove={() => remove(i)} {...props} />
      ))}
      <div>
        <Button onClick={() => append(emptyRule())}>
          <Plus className="h-4 w-4" aria-hidden /> Add rule
        </Button>
      </div>
      <section aria-label="Default backend" className="rounded-lg border border-slate-200 bg-white p-4">
        <h3 className="text-sm font-semibold text-slate-800">Default backend</h3>
        <p className="text-xs text-slate-500">
          {rules.length === 0 ? 'Required: the route has no rules.' : 'Optional: receives requests that no rule matches.'}
        </p>
        <div className="mt-2 grid max-w-xl grid-cols-2 gap-3">
          <BackendPicker base="defaultBackend" services={props.services} labelPrefix="Default backend " />
        </div>
      </section>
    </div>
  );
}

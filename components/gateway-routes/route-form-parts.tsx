'use client';
/**
 * Form pieces every Gateway API route form shares (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute):
 * labelled text and select fields bound by path, the parent Gateway + listener picker, the
 * hostname rows and header-match rows. Any form with `parents` and `hostnames` of the
 * httproute-form shapes can use them (the form context is untyped: paths are built as text).
 */
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Plus, Trash2 } from 'lucide-react';
import { emptyBackend, MATCH_TYPES, parentFromKey, parentKey, type BackendForm, type ParentForm } from '@/lib/forms/httproute-form';
import type { GatewayChoice, ServiceSummary } from '@/lib/console/rows';
import { Combobox, errorAt, FieldError, Select, TextField, type Option } from '../common/controls';
import { Button } from '../common/button';
import { BackendPicker } from '../common/backend-picker';
import { CanarySlider } from './canary-slider';

// Radix Select items cannot have an empty value: '*' stands for "not set".
export const ANY = '*';
const toSelect = (v: string) => (v === '' ? ANY : v);
const fromSelect = (v: string) => (v === ANY ? '' : v);

export function SelectField({ name, label, options, placeholder }: { name: string; label: string; options: Option[]; placeholder?: string }) {
  const { control, formState } = useFormContext();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Select label={label} value={toSelect(String(field.value ?? ''))} onChange={(v) => field.onChange(fromSelect(v))} options={options} placeholder={placeholder} error={errorAt(formState.errors, name)} />
      )}
    />
  );
}

export function Text({ name, label, ...rest }: { name: string; label: string; hint?: React.ReactNode } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { register, formState } = useFormContext();
  return <TextField label={label} autoComplete="off" spellCheck={false} error={errorAt(formState.errors, name)} {...rest} {...register(name)} />;
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="ghost" className="mt-6" aria-label={label} onClick={onClick}>
      <Trash2 className="h-4 w-4" aria-hidden />
    </Button>
  );
}

/** The picker's key of a choice: that of the ParentForm naming it (parentKey). */
const choiceKey = (g: GatewayChoice) => parentKey({ gateway: `${g.namespace}/${g.name}`, kind: g.kind });

/**
 * The route's parent Gateways or ListenerSets of the project, each with a listener of one of
 * `protocols` (the kinds of listener the route kind attaches to); `gateways` are the server's
 * choices for the project.
 */
export function ParentRows({ gateways, protocols }: { gateways: GatewayChoice[]; protocols: readonly string[] }) {
  const { control, formState, setValue } = useFormContext<{ parents: ParentForm[] }>();
  const { fields, append, remove } = useFieldArray({ control, name: 'parents' });
  const parents = useWatch({ control, name: 'parents' });
  const gatewayOptions: Option[] = gateways.map((g) => {
    const listeners = g.listeners.map((l) => `${l.name} ${l.protocol}:${l.port}${g.kind && l.hostname ? ` ${l.hostname}` : ''}`).join(', ') || 'no listeners';
    return g.kind === 'ListenerSet'
      ? { value: choiceKey(g), label: `ListenerSet ${g.name}`, detail: `on ${g.parent ?? '?'}: ${listeners}` }
      : { value: choiceKey(g), label: `${g.namespace}/${g.name}`, detail: listeners };
  });
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-semibold text-slate-800">Gateways</legend>
      <p className="text-xs text-slate-500">The Gateway listeners that serve this route: those whose allowed routes admit this project (its own Gateways, shared ones such as portico-system/portico, and the project&apos;s ListenerSets).</p>
      {fields.map((f, i) => {
        const key = parents?.[i] ? parentKey(parents[i]) : '';
        const gw = gateways.find((g) => choiceKey(g) === key);
        const listeners: Option[] = [
          { value: ANY, label: 'Every listener' },
          ...(gw?.listeners ?? []).filter((l) => protocols.includes(l.protocol)).map((l) => ({ value: l.name, label: l.name, detail: `${l.protocol} ${l.port}${l.hostname ? ` ${l.hostname}` : ''}` })),
        ];
        return (
          <div key={f.id} className="grid grid-cols-[1.5fr_1fr_auto] items-start gap-2" role="group" aria-label={`Gateway ${i + 1}`}>
            <Controller
              control={control}
              name={`parents.${i}.gateway`}
              render={() => (
                <Combobox
                  label={`Gateway ${i + 1}`}
                  value={key}
                  onChange={(v) => {
                    // the picked choice names both the parent and its kind (Gateway or ListenerSet)
                    const next = parentFromKey(v);
                    setValue(`parents.${i}.kind`, next.kind, { shouldDirty: true });
                    setValue(`parents.${i}.gateway`, next.gateway, { shouldDirty: true, shouldValidate: formState.isSubmitted });
                    if (next.kind !== parents?.[i]?.kind) setValue(`parents.${i}.sectionName`, '', { shouldDirty: true });
                  }}
                  options={gatewayOptions}
                  allowCustom
                  placeholder="namespace/name"
                  emptyText="No Gateway found"
                  error={errorAt(formState.errors, `parents.${i}.gateway`)}
                />
              )}
            />
            <SelectField name={`parents.${i}.sectionName`} label={`Gateway ${i + 1} listener`} options={listeners} />
            <RemoveButton label={`Remove gateway ${i + 1}`} onClick={() => remove(i)} />
          </div>
        );
      })}
      <FieldError id="parents-error" message={errorAt(formState.errors, 'parents')} />
      <div>
        <Button onClick={() => append({ ...parentFromKey(gatewayOptions[0]?.value ?? ''), sectionName: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add gateway
        </Button>
      </div>
    </fieldset>
  );
}

export function HostnameRows({ legend = 'Hostnames', hint = 'None: every host the listener accepts. Wildcards like *.example.com are allowed.' }: { legend?: string; hint?: string }) {
  const { control } = useFormContext<{ hostnames: { value: string }[] }>();
  const { fields, append, remove } = useFieldArray({ control, name: 'hostnames' });
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-semibold text-slate-800">{legend}</legend>
      <p className="text-xs text-slate-500">{hint}</p>
      {fields.map((f, i) => (
        <div key={f.id} className="grid max-w-xl grid-cols-[1fr_auto] items-start gap-2">
          <Text name={`hostnames.${i}.value`} label={`Hostname ${i + 1}`} placeholder="shop.example.com" />
          <RemoveButton label={`Remove hostname ${i + 1}`} onClick={() => remove(i)} />
        </div>
      ))}
      <div>
        <Button onClick={() => append({ value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add hostname
        </Button>
      </div>
    </fieldset>
  );
}

/** Header (or query parameter) conditions of a match at `base`: type, name, value per row. */
export function NameValueRows({ base, label, what }: { base: string; label: string; what: 'header' | 'query parameter' }) {
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: base });
  return (
    <div className="grid gap-2">
      {fields.map((f, k) => {
        const l = `${label} ${what} ${k + 1}`;
        return (
          <div key={f.id} className="grid grid-cols-[0.8fr_1fr_1fr_auto] items-start gap-2">
            <SelectField name={`${base}.${k}.type`} label={`${l} match type`} options={MATCH_TYPES.map((t) => ({ value: t, label: t }))} />
            <Text name={`${base}.${k}.name`} label={`${l} name`} />
            <Text name={`${base}.${k}.value`} label={`${l} value`} />
            <RemoveButton label={`Remove ${l}`} onClick={() => remove(k)} />
          </div>
        );
      })}
      <div>
        <Button variant="ghost" onClick={() => append({ type: 'Exact', name: '', value: '' })}>
          <Plus className="h-4 w-4" aria-hidden /> {what === 'header' ? 'Header condition' : 'Query parameter condition'}
        </Button>
      </div>
    </div>
  );
}

/** A rule's backends at `rules.N.backends` (service, port, weight), with the canary split slider from two on. */
export function BackendRows({ rule, services }: { rule: number; services: ServiceSummary[] }) {
  const { control, formState, setValue } = useFormContext<{ rules: { backends: BackendForm[] }[] }>();
  const { fields, append, remove } = useFieldArray({ control, name: `rules.${rule}.backends` });
  const backends = useWatch({ control, name: `rules.${rule}.backends` }) ?? [];
  const r = rule + 1;
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-medium text-slate-700">Backends</legend>
      {fields.map((f, k) => {
        const base = `rules.${rule}.backends.${k}`;
        const l = `Rule ${r} backend ${k + 1} `;
        return (
          <div key={f.id} role="group" aria-label={`Rule ${r} backend ${k + 1}`} className="grid grid-cols-[1.4fr_0.9fr_0.6fr_auto] items-start gap-2">
            <BackendPicker base={base} services={services} labelPrefix={l} />
            <Text name={`${base}.weight`} label={`${l}weight`} inputMode="numeric" placeholder="1" />
            <RemoveButton label={`Remove rule ${r} backend ${k + 1}`} onClick={() => remove(k)} />
          </div>
        );
      })}
      <FieldError id={`rule-${r}-backends-error`} message={errorAt(formState.errors, `rules.${rule}.backends`)} />
      {backends.length >= 2 ? (
        <CanarySlider
          label={`Rule ${r} traffic split`}
          labels={backends.map((b) => (b.service ? `${b.service}:${b.port}` : ''))}
          weights={backends.map((b) => b.weight)}
          onChange={(weights) => weights.forEach((w, k) => setValue(`rules.${rule}.backends.${k}.weight`, w, { shouldDirty: true, shouldValidate: formState.isSubmitted }))}
        />
      ) : null}
      <div>
        <Button onClick={() => append(emptyBackend())}>
          <Plus className="h-4 w-4" aria-hidden /> Add backend to rule {r}
        </Button>
      </div>
    </fieldset>
  );
}

'use client';
/**
 * The fields of the HTTPRoute form: name, alias, description, parent Gateways (listener by sectionName),
 * hostnames, rules (matches, backends with the canary split, filters incl. CORS, timeouts, name, retry,
 * session persistence), labels and annotations. The v1.6 parts follow the chosen Gateways' supportedFeatures.
 * Every control is labelled "Rule 1 match 1 path" style so tests and screen readers can
 * address it; errors come from the zod schema (lib/forms/httproute-form-schema).
 */
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { Plus } from 'lucide-react';
import {
  emptyFilter,
  emptyHttpRule,
  emptyMatch,
  FORM_FILTER_TYPES,
  HTTP_METHODS,
  HTTP_PATH_TYPES,
  PATH_MODIFIER_TYPES,
  REDIRECT_STATUS_CODES,
  type FilterForm,
  type HttpRouteForm,
} from '@/lib/forms/httproute-form';
import type { GatewayChoice } from '@/lib/console/rows';
import { AliasDescriptionFields, KeyValueRows } from '@/components/common/metadata-fields';
import type { ServiceSummary } from '@/lib/console/rows';
import { Select } from '../common/controls';
import { Button } from '../common/button';
import { BackendPicker, RuleHeader } from '../common/backend-picker';
import { featureSupport, type FeatureSupport } from '@/lib/forms/route-features';
import { CorsFields, MirrorShareField, RuleExtraFields, UnsupportedFlag } from './httproute-v16-fields';
import { ANY, BackendRows, HostnameRows, NameValueRows, ParentRows, RemoveButton, SelectField, Text } from './route-form-parts';

type Path = string;
/** react-hook-form's typed paths do not follow our string-built ones. */
const as = <T extends string>(p: Path) => p as T;

// ---- matches

function MatchRows({ rule }: { rule: number }) {
  const { control } = useFormContext<HttpRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `rules.${rule}.matches` });
  const matches = useWatch({ control, name: `rules.${rule}.matches` });
  const r = rule + 1;
  return (
    <fieldset className="grid gap-3">
      <legend className="text-sm font-medium text-slate-700">Matches</legend>
      {fields.length === 0 ? <p className="text-xs text-slate-500">No match: the rule takes every request.</p> : null}
      {fields.map((f, j) => {
        const base = `rules.${rule}.matches.${j}`;
        const l = `Rule ${r} match ${j + 1}`;
        return (
          <div key={f.id} role="group" aria-label={l} className="rounded-md border border-slate-200 p-3">
            <div className="grid grid-cols-[1fr_1.6fr_0.8fr_auto] items-start gap-2">
              <SelectField name={`${base}.pathType`} label={`${l} path type`} options={[{ value: ANY, label: 'Any path' }, ...HTTP_PATH_TYPES.map((t) => ({ value: t, label: t }))]} />
              <Text name={`${base}.pathValue`} label={`${l} path`} placeholder="/" disabled={matches?.[j]?.pathType === ''} />
              <SelectField name={`${base}.method`} label={`${l} method`} options={[{ value: ANY, label: 'Any' }, ...HTTP_METHODS.map((m) => ({ value: m, label: m }))]} />
              <RemoveButton label={`Remove ${l}`} onClick={() => remove(j)} />
            </div>
            <div className="mt-2 grid gap-2">
              <NameValueRows base={`${base}.headers`} label={l} what="header" />
              <NameValueRows base={`${base}.queryParams`} label={l} what="query parameter" />
            </div>
          </div>
        );
      })}
      <div>
        <Button onClick={() => append(emptyMatch())}>
          <Plus className="h-4 w-4" aria-hidden /> Add match to rule {r}
        </Button>
      </div>
    </fieldset>
  );
}

// ---- filters

function HeaderEdits({ base, label }: { base: Path; label: string }) {
  const { control } = useFormContext<HttpRouteForm>();
  const set = useFieldArray({ control, name: as<'rules.0.filters.0.set'>(`${base}.set`) });
  const add = useFieldArray({ control, name: as<'rules.0.filters.0.add'>(`${base}.add`) });
  return (
    <div className="grid gap-2">
      {([['set', set], ['add', add]] as const).map(([op, arr]) => (
        <div key={op} className="grid gap-2">
          {arr.fields.map((f, k) => (
            <div key={f.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
              <Text name={`${base}.${op}.${k}.name`} label={`${label} ${op} header ${k + 1} name`} />
              <Text name={`${base}.${op}.${k}.value`} label={`${label} ${op} header ${k + 1} value`} />
              <RemoveButton label={`Remove ${label} ${op} header ${k + 1}`} onClick={() => arr.remove(k)} />
            </div>
          ))}
          <div>
            <Button variant="ghost" onClick={() => arr.append({ name: '', value: '' })}>
              <Plus className="h-4 w-4" aria-hidden /> {op === 'set' ? 'Set a header' : 'Add a header'}
            </Button>
          </div>
        </div>
      ))}
      <Text name={`${base}.remove`} label={`${label} remove headers`} placeholder="X-Internal, X-Debug" />
    </div>
  );
}

function FilterBody({ base, label, filter, services, support }: { base: Path; label: string; filter: FilterForm; services: ServiceSummary[]; support: FeatureSupport }) {
  switch (filter.type) {
    case 'RequestHeaderModifier':
    case 'ResponseHeaderModifier':
      return <HeaderEdits base={base} label={label} />;
    case 'RequestRedirect':
    case 'URLRewrite':
      return (
        <div className="grid grid-cols-3 items-start gap-2">
          {filter.type === 'RequestRedirect' ? (
            <>
              <SelectField name={`${base}.scheme`} label={`${label} scheme`} options={[{ value: ANY, label: 'Same scheme' }, { value: 'http', label: 'http' }, { value: 'https', label: 'https' }]} />
              <Text name={`${base}.port`} label={`${label} port`} inputMode="numeric" placeholder="same port" />
              <SelectField name={`${base}.statusCode`} label={`${label} status code`} options={[{ value: ANY, label: '302 (default)' }, ...REDIRECT_STATUS_CODES.map((c) => ({ value: c, label: c }))]} />
            </>
          ) : null}
          <Text name={`${base}.hostname`} label={`${label} hostname`} placeholder="keep the host" />
          <SelectField name={`${base}.pathModifier`} label={`${label} path change`} options={[{ value: ANY, label: 'Keep the path' }, ...PATH_MODIFIER_TYPES.map((t) => ({ value: t, label: t }))]} />
          {filter.pathModifier ? <Text name={`${base}.path`} label={`${label} new path`} placeholder="/" /> : null}
        </div>
      );
    case 'RequestMirror':
      return (
        <div className="grid grid-cols-2 items-start gap-2">
          <BackendPicker base={base} services={services} labelPrefix={`${label} mirror `} fields={{ service: 'mirrorService', port: 'mirrorPort' }} />
          <MirrorShareField base={base} label={label} support={support} present={filter.mirrorShare !== ''} />
        </div>
      );
    case 'CORS':
      return (
        <div className="grid gap-2">
          <CorsFields base={base} label={label} />
          <UnsupportedFlag support={support} feature="cors" what="the CORS filter" />
        </div>
      );
    default:
      return <p className="text-xs text-slate-500">A {filter.otherType} filter: kept as it is (edit it in YAML).</p>;
  }
}

function FilterRows({ rule, services, support }: { rule: number; services: ServiceSummary[]; support: FeatureSupport }) {
  const { control, setValue } = useFormContext<HttpRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `rules.${rule}.filters` });
  const filters = useWatch({ control, name: `rules.${rule}.filters` }) ?? [];
  const r = rule + 1;
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-medium text-slate-700">Filters</legend>
      {fields.map((f, k) => {
        const base = `rules.${rule}.filters.${k}`;
        const l = `Rule ${r} filter ${k + 1}`;
        const filter = filters[k] ?? emptyFilter();
        return (
          <div key={f.id} role="group" aria-label={l} className="rounded-md border border-slate-200 p-3">
            <div className="grid max-w-xl grid-cols-[1fr_auto] items-start gap-2">
              {filter.type === 'Other' ? (
                <p className="mt-6 text-sm">{filter.otherType}</p>
              ) : (
                <Controller
                  control={control}
                  name={`rules.${rule}.filters.${k}.type`}
                  render={({ field, fieldState }) => (
                    <Select
                      label={`${l} type`}
                      value={field.value}
                      // A new type starts blank: its fields mean something else.
                      onChange={(v) => setValue(`rules.${rule}.filters.${k}`, emptyFilter(v as FilterForm['type'] & (typeof FORM_FILTER_TYPES)[number]), { shouldDirty: true })}
                      // CORS only where the Gateways support it (or already chosen: kept and flagged)
                      options={FORM_FILTER_TYPES.filter((t) => t !== 'CORS' || support.offered('cors') || filter.type === 'CORS').map((t) => ({ value: t, label: t }))}
                      error={fieldState.error?.message}
                    />
                  )}
                />
              )}
              <RemoveButton label={`Remove ${l}`} onClick={() => remove(k)} />
            </div>
            <div className="mt-2">
              <FilterBody base={base} label={l} filter={filter} services={services} support={support} />
            </div>
          </div>
        );
      })}
      <div>
        <Button onClick={() => append(emptyFilter())}>
          <Plus className="h-4 w-4" aria-hidden /> Add filter to rule {r}
        </Button>
      </div>
    </fieldset>
  );
}

function RuleCard({ index, services, support, onRemove }: { index: number; services: ServiceSummary[]; support: FeatureSupport; onRemove: () => void }) {
  const r = index + 1;
  return (
    <section aria-label={`Rule ${r}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <RuleHeader number={r} onRemove={onRemove} />
      <RuleExtraFields rule={index} support={support} />
      <MatchRows rule={index} />
      <BackendRows rule={index} services={services} />
      <FilterRows rule={index} services={services} support={support} />
      <fieldset className="grid max-w-xl grid-cols-2 gap-2">
        <legend className="text-sm font-medium text-slate-700">Timeouts</legend>
        <Text name={`rules.${index}.timeoutRequest`} label={`Rule ${r} request timeout`} placeholder="e.g. 10s" />
        <Text name={`rules.${index}.timeoutBackendRequest`} label={`Rule ${r} backend request timeout`} placeholder="e.g. 2s" />
      </fieldset>
    </section>
  );
}

/** The listener protocols HTTPRoutes attach to. */
const HTTP_LISTENER_PROTOCOLS = ['HTTP', 'HTTPS'];

export function HttpRouteFormFields({ services, gateways, editing }: { services: ServiceSummary[]; gateways: GatewayChoice[]; editing: boolean }) {
  const { control } = useFormContext<HttpRouteForm>();
  const { fields, append, remove } = useFieldArray({ control, name: 'rules' });
  const parents = useWatch({ control, name: 'parents' });
  const support = featureSupport(parents ?? [], gateways);
  return (
    <div className="grid gap-6">
      <div className="max-w-xl">
        <Text name="name" label="Name" placeholder="my-route" readOnly={editing} hint={editing ? 'The name of an existing route cannot change.' : 'Lowercase letters, digits, "-" and "."'} />
      </div>
      <div className="grid max-w-xl gap-4">
        <AliasDescriptionFields />
      </div>
      <ParentRows gateways={gateways} protocols={HTTP_LISTENER_PROTOCOLS} />
      <HostnameRows />
      <div className="grid gap-4">
        <h3 className="text-sm font-semibold text-slate-800">Rules</h3>
        {fields.length === 0 ? <p className="text-sm text-slate-500">No rule: the route matches nothing until you add one.</p> : null}
        {fields.map((f, i) => (
          <RuleCard key={f.id} index={i} services={services} support={support} onRemove={() => remove(i)} />
        ))}
        <div>
          <Button onClick={() => append(emptyHttpRule())}>
            <Plus className="h-4 w-4" aria-hidden /> Add rule
          </Button>
        </div>
      </div>
      <KeyValueRows field="labels" title="Labels" hint="Labels organise routes and let tools select them, e.g. app=shop." />
      <KeyValueRows field="annotations" title="Annotations" hint="Free-form notes for tools and people; the gateway reads HTTPRoute settings from the spec, not from annotations." />
    </div>
  );
}

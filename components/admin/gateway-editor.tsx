'use client';
/**
 * Create or edit a Gateway (admin Gateways page): namespace, name, class, and listeners with
 * protocol, port, hostname, TLS mode and certificate Secrets of the Gateway's namespace, and
 * allowedRoutes (namespaces From Same/All/Selector, route kinds). Lossless: the form writes
 * onto the object it was loaded from (lib/forms/gateway-form), so fields it does not show
 * stay. The server checks the manifest again (server/admin/gateways.ts). When editing, each
 * listener's live status shows beside it. Form / YAML / JSON switch at any time without losing
 * a field (as the route editors); a 409 offers "Reload and keep my edits" (your changes
 * replayed on the stored version, components/common/rebase-edits).
 */
import { useMemo, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { Controller, FormProvider, useFieldArray, useForm, useFormContext, useWatch, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Plus, RotateCcw, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import type { Gateway } from '@/lib/k8s';
import { emptyListener, formToGateway, gatewayFieldToFormField, gatewayToForm, LISTENER_PROTOCOLS, newGatewayBase, ROUTE_KIND_NAMES, ROUTES_FROM, TLS_MODES, type GatewayForm, type ListenerForm } from '@/lib/forms/gateway-form';
import { gatewayFormSchema } from '@/lib/forms/gateway-form-schema';
import { Button } from '@/components/common/button';
import { Combobox, errorAt, FieldError, Select, TextField } from '@/components/common/controls';
import { qk } from '@/components/live/query-keys';
import { useApiQuery } from '@/components/live/use-api-query';
import { createGatewayAction, replaceGatewayAction } from '@/server/admin/gateways';
import type { AdminGateways } from '@/server/admin/gateways-read';
import { ListenerStatus } from './gateways-page';
import { checkGatewayText } from './gateway-text-check';
import type { Manifest } from '@/lib/console/manifest';
import { makeGatewayJsonSchema } from '@/lib/forms/gateway-json-schema';
import { manifestToText, type ManifestLanguage } from '@/components/editor/manifest-text';
import type { EditorFieldError, EditorSchema } from '@/components/editor';
import { EditModeTabs, ServerErrors, type EditMode } from '@/components/common/edit-mode';
import { ManifestTextPane } from '@/components/common/manifest-text-pane';
import { editableView } from '@/components/common/manifest-yaml-tab';
import { applyOverStatusChanges, rebaseEdits } from '@/components/common/rebase-edits';

const noSubscribe = () => () => {};
let gatewaySchema: EditorSchema | undefined;
const gatewayEditorSchema = (): EditorSchema => (gatewaySchema ??= { id: 'gateway', schema: makeGatewayJsonSchema() });
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];
const FROM_LABELS: Record<(typeof ROUTES_FROM)[number], string> = { Same: 'Same namespace', All: 'All namespaces', Selector: 'Namespaces with labels' };

function Text({ name, label, ...rest }: { name: string; label: string; hint?: React.ReactNode } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { register, formState } = useFormContext<GatewayForm>();
  return <TextField label={label} autoComplete="off" spellCheck={false} error={errorAt(formState.errors, name)} {...rest} {...register(name as FieldPath<GatewayForm>)} />;
}

function Certificates({ index, secrets }: { index: number; secrets: string[] }) {
  const { control, formState } = useFormContext<GatewayForm>();
  const { fields, append, remove } = useFieldArray({ control, name: `listeners.${index}.certificates` });
  const l = `Listener ${index + 1}`;
  return (
    <fieldset className="grid gap-2">
      <legend className="text-sm font-medium text-slate-700">Certificates</legend>
      <p className="text-xs text-slate-500">kubernetes.io/tls Secrets of the Gateway&apos;s namespace; the first whose names fit the client&apos;s SNI is served.</p>
      {fields.map((f, k) => (
        <div key={f.id} className="grid max-w-xl grid-cols-[1fr_auto] items-start gap-2">
          <Controller
            control={control}
            name={`listeners.${index}.certificates.${k}.name`}
            render={({ field }) => (
              <Combobox
                label={`${l} certificate ${k + 1}`}
                value={field.value}
                onChange={field.onChange}
                options={secrets.map((s) => ({ value: s, label: s }))}
                allowCustom
                placeholder="Choose a TLS Secret"
                emptyText="No TLS Secret with that name in this namespace"
                error={errorAt(formState.errors, `listeners.${index}.certificates.${k}.name`)}
              />
            )}
          />
          <Button variant="ghost" className="mt-6" aria-label={`Remove ${l} certificate ${k + 1}`} onClick={() => remove(k)}>
            <Trash2 className="h-4 w-4" aria-hidden />
          </Button>
        </div>
      ))}
      <FieldError id={`listener-${index}-certificates-error`} message={errorAt(formState.errors, `listeners.${index}.certificates`)} />
      <div>
        <Button onClick={() => append({ name: secrets[0] ?? '' })}>
          <Plus className="h-4 w-4" aria-hidden /> Add certificate
        </Button>
      </div>
    </fieldset>
  );
}

function ListenerCard({ index, secrets, onRemove, status }: { index: number; secrets: string[]; onRemove: () => void; status?: React.ReactNode }) {
  const { control, formState, setValue, getValues } = useFormContext<GatewayForm>();
  const listener = useWatch({ control, name: `listeners.${index}` }) as ListenerForm | undefined;
  const l = `Listener ${index + 1}`;
  const protocol = listener?.protocol ?? '';
  const protocols = (LISTENER_PROTOCOLS as readonly string[]).includes(protocol) || !protocol ? LISTENER_PROTOCOLS : [...LISTENER_PROTOCOLS, protocol];
  const kinds = listener?.kinds ?? [];
  const otherKinds = kinds.filter((k) => !(ROUTE_KIND_NAMES as readonly string[]).includes(k));
  return (
    <section aria-label={l} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-800">{l}</h3>
        <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={onRemove} aria-label={`Remove listener ${index + 1}`}>
          <Trash2 className="h-4 w-4" aria-hidden /> Remove
        </Button>
      </div>
      {status}
      <div className="grid grid-cols-[1fr_0.8fr_0.6fr_1.4fr] items-start gap-2">
        <Text name={`listeners.${index}.name`} label={`${l} name`} placeholder="https" />
        <Controller
          control={control}
          name={`listeners.${index}.protocol`}
          render={({ field }) => (
            <Select
              label={`${l} protocol`}
              value={field.value}
              onChange={(v) => {
                field.onChange(v);
                // The TLS block and the hostname follow the protocol.
                const tls = TLS_PROTOCOLS.includes(v);
                const mode = getValues(`listeners.${index}.tlsMode`);
                setValue(`listeners.${index}.tlsMode`, tls ? mode || (v === 'TLS' ? 'Passthrough' : 'Terminate') : '');
                if (v === 'HTTPS' && mode === 'Passthrough') setValue(`listeners.${index}.tlsMode`, 'Terminate');
                if (v === 'TCP') setValue(`listeners.${index}.hostname`, '');
                if (!getValues(`listeners.${index}.port`).trim()) setValue(`listeners.${index}.port`, emptyListener(v).port);
              }}
              options={protocols.map((p) => ({ value: p, label: p, detail: p === 'HTTP' ? 'HTTP/1.1, h2c, gRPC' : p === 'HTTPS' ? 'TLS terminated here; gRPC too' : p === 'TLS' ? 'TLS by SNI' : p === 'TCP' ? 'raw TCP' : undefined }))}
              error={errorAt(formState.errors, `listeners.${index}.protocol`)}
            />
          )}
        />
        <Text name={`listeners.${index}.port`} label={`${l} port`} inputMode="numeric" placeholder="80" />
        <Text name={`listeners.${index}.hostname`} label={`${l} hostname`} placeholder={protocol === 'TCP' ? 'none for TCP' : 'any host, or *.example.com'} disabled={protocol === 'TCP'} />
      </div>
      {TLS_PROTOCOLS.includes(protocol) ? (
        <div className="grid gap-3">
          <div className="max-w-xs">
            <Controller
              control={control}
              name={`listeners.${index}.tlsMode`}
              render={({ field }) => (
                <Select
                  label={`${l} TLS mode`}
                  value={field.value}
                  onChange={field.onChange}
                  options={TLS_MODES.map((m) => ({ value: m, label: m, detail: m === 'Terminate' ? 'decrypt here with the certificates below' : 'forward the encrypted stream (TLSRoute)' }))}
                  error={errorAt(formState.errors, `listeners.${index}.tlsMode`)}
                />
              )}
            />
          </div>
          {listener?.tlsMode === 'Terminate' ? <Certificates index={index} secrets={secrets} /> : null}
        </div>
      ) : null}
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium text-slate-700">Allowed routes</legend>
        <div className="grid grid-cols-[1fr_2fr] items-start gap-2">
          <Controller
            control={control}
            name={`listeners.${index}.from`}
            render={({ field }) => <Select label={`${l} routes from`} value={field.value} onChange={field.onChange} options={ROUTES_FROM.map((f) => ({ value: f, label: FROM_LABELS[f] }))} />}
          />
          {listener?.from === 'Selector' ? <Text name={`listeners.${index}.selector`} label={`${l} namespace labels`} placeholder="team=shop, env=prod" /> : <span />}
        </div>
        <div role="group" aria-label={`${l} route kinds`} className="flex flex-wrap items-center gap-3 text-sm">
          <span className="text-xs text-slate-500">Kinds (none checked: the protocol&apos;s defaults):</span>
          {ROUTE_KIND_NAMES.map((k) => (
            <label key={k} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={kinds.includes(k)}
                onChange={(e) =>
                  setValue(
                    `listeners.${index}.kinds`,
                    e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k),
                    { shouldDirty: true },
                  )
                }
              />
              {k}
            </label>
          ))}
          {otherKinds.length ? <span className="text-xs text-slate-500">also {otherKinds.join(', ')} (kept)</span> : null}
        </div>
      </fieldset>
    </section>
  );
}

/** `existing`: the Gateway to edit (with its resourceVersion); none = create. */
export function GatewayEditor({ seed, existing }: { seed?: AdminGateways; existing?: Gateway }) {
  const router = useRouter();
  const qc = useQueryClient();
  const q = useApiQuery<AdminGateways>(qk.adminGateways(), seed, { refetchInterval: existing ? 3000 : undefined });
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  const editing = existing ? { namespace: existing.metadata?.namespace ?? '', name: existing.metadata?.name ?? '' } : undefined;
  const [base, setBase] = useState<Manifest>(() => (existing ? editableView(existing as Manifest) : (newGatewayBase('') as Manifest)));
  // The stored version the edit started from (for the 409 handling); `base` is what the form
  // writes onto, which a YAML/JSON edit replaces.
  const [origin, setOrigin] = useState<Manifest | undefined>(() => (existing ? editableView(existing as Manifest) : undefined));
  const [mode, setMode] = useState<EditMode>('form');
  const [text, setText] = useState('');
  const [textErrors, setTextErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [serverError, setServerError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const initial: GatewayForm = existing
    ? gatewayToForm(existing)
    : { namespace: '', name: '', gatewayClassName: seed?.classes.includes('portico') ? 'portico' : (seed?.classes[0] ?? 'portico'), listeners: [emptyListener('HTTP')] };
  const form = useForm<GatewayForm>({ resolver: zodResolver(gatewayFormSchema), defaultValues: initial, mode: 'onTouched' });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'listeners' });
  const namespace = useWatch({ control: form.control, name: 'namespace' });
  const data = q.data ?? seed;
  const secrets = data?.tlsSecrets[namespace] ?? [];
  const check = useMemo(() => (mode === 'form' ? null : checkGatewayText(text, mode, editing?.namespace)), [text, mode, editing?.namespace]);
  const live = editing ? data?.gateways.find((g) => g.metadata?.namespace === editing.namespace && g.metadata?.name === editing.name) : undefined;

  /** The manifest being edited: the form written onto its base, or the parsed YAML/JSON. */
  const mine = (): Manifest | undefined => (mode === 'form' ? (formToGateway(form.getValues(), base) as Manifest) : (check?.parsed as Manifest | undefined));

  /** One write; a 409 while editing offers the rebase, field errors go where they show. */
  const save = async (manifest: Manifest, values?: GatewayForm) => {
    setBusy(true);
    setServerError(undefined);
    setTextErrors(null);
    // The controller writes status often (listener conditions): a 409 caused only by that is retried.
    const r = editing ? await applyOverStatusChanges(manifest, origin, (m) => replaceGatewayAction(editing.namespace, editing.name, m), storedGateway) : await createGatewayAction(manifest);
    setBusy(false);
    if (!r.ok) {
      if (r.status === 409 && editing) setConflict(true);
      if (!values) setTextErrors({ message: r.message, fields: r.fieldErrors });
      else {
        const unmatched: string[] = [];
        for (const fe of r.fieldErrors) {
          const f = gatewayFieldToFormField(fe.field, values);
          if (f) form.setError(f as FieldPath<GatewayForm>, { type: 'server', message: fe.message }, { shouldFocus: true });
          else unmatched.push(`${fe.field}: ${fe.message}`);
        }
        setServerError([r.message, ...unmatched].join(' · '));
      }
      toast.error(`The Gateway was not ${editing ? 'saved' : 'created'}: ${r.message}`);
      return;
    }
    toast.success(`Gateway ${r.value.metadata?.namespace ?? ''}/${r.value.metadata?.name ?? ''} ${editing ? 'saved' : 'created'}`);
    await qc.invalidateQueries({ queryKey: qk.adminGateways(), exact: true });
    if (editing) {
      const saved = editableView(r.value as Manifest);
      setBase(saved);
      setOrigin(saved);
      form.reset(gatewayToForm(saved));
      if (mode !== 'form') setText(manifestToText(saved, mode));
    } else router.push('/gateways');
  };

  const submit = form.handleSubmit((values) => save(formToGateway(values, base) as Manifest, values));
  const submitText = () => {
    if (check?.parsed && !check.reason) void save(check.parsed as Manifest);
  };

  const switchMode = (next: EditMode) => {
    if (next === mode) return;
    if (mode === 'form') setText(manifestToText(formToGateway(form.getValues(), base), next as ManifestLanguage));
    else {
      if (!check?.parsed) return void toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
      if (next === 'form') {
        setBase(check.parsed as Manifest);
        form.reset(gatewayToForm(check.parsed));
      } else setText(manifestToText(check.parsed, next));
    }
    setServerError(undefined);
    setTextErrors(null);
    setMode(next);
  };

  /** The Gateway as stored now (a fresh read of the admin list). */
  const storedGateway = async (): Promise<Manifest | undefined> => {
    const fresh = await q.refetch();
    const g = fresh.data?.gateways.find((x) => x.metadata?.namespace === editing?.namespace && x.metadata?.name === editing?.name);
    return g ? editableView(g as Manifest) : undefined;
  };

  /** After a 409: load the stored Gateway and replay this editor's changes on top of it. */
  const reloadKeepingEdits = async () => {
    const edits = mine();
    if (!edits) return void toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
    const latest = await storedGateway();
    if (!latest) return void toast.error('The Gateway no longer exists');
    const rebased = rebaseEdits(origin ?? base, edits, latest);
    // The form writes onto the rebased object: edits to fields it does not show are kept too.
    setBase(rebased);
    setOrigin(latest);
    if (mode === 'form') form.reset(gatewayToForm(rebased));
    else setText(manifestToText(rebased, mode));
    setConflict(false);
    setServerError(undefined);
    setTextErrors(null);
    toast.message('Loaded the stored Gateway with your edits on top: check and save again.');
  };

  return (
    <FormProvider {...form}>
      <div className="grid gap-4" data-testid="gateway-editor" data-ready={hydrated ? 'true' : 'false'}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">{mode === 'form' ? 'Fill in the Gateway; switch to YAML or JSON at any time.' : 'Write the Gateway as a Gateway API object. Completion and docs: Ctrl+Space.'}</p>
        <EditModeTabs mode={mode} onChange={switchMode} />
      </div>
      {conflict ? (
        <div role="alert" className="flex flex-wrap items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <div className="grow">
            <p className="font-semibold">Someone else changed this Gateway while you were editing.</p>
            <p>Your edits were not saved. Reload the stored Gateway: your edits are replayed on top of it.</p>
          </div>
          <Button onClick={() => void reloadKeepingEdits()} disabled={busy}>
            <RotateCcw className="h-4 w-4" aria-hidden /> Reload and keep my edits
          </Button>
        </div>
      ) : null}
      {mode === 'form' ? (
      <form noValidate onSubmit={(e) => void submit(e)} aria-label={editing ? `Edit Gateway ${editing.namespace}/${editing.name}` : 'New Gateway'} className="grid gap-6 rounded-lg border border-slate-200 bg-slate-50/50 p-5" data-ready={hydrated ? 'true' : 'false'}>
        {serverError && !conflict ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <p>{serverError}</p>
          </div>
        ) : null}
        <div className="grid max-w-3xl grid-cols-3 items-start gap-2">
          <Controller
            control={form.control}
            name="namespace"
            render={({ field }) =>
              editing ? (
                <TextField label="Namespace" value={field.value} readOnly hint="A Gateway cannot move." />
              ) : (
                <Combobox label="Namespace" value={field.value} onChange={field.onChange} options={(data?.namespaces ?? []).map((n) => ({ value: n, label: n }))} placeholder="Choose a namespace" error={errorAt(form.formState.errors, 'namespace')} />
              )
            }
          />
          <Text name="name" label="Name" placeholder="edge" readOnly={!!editing} hint={editing ? 'The name cannot change.' : 'Lowercase letters, digits, "-" and "."'} />
          <Controller
            control={form.control}
            name="gatewayClassName"
            render={({ field }) => (
              <Combobox label="Gateway class" value={field.value} onChange={field.onChange} options={(data?.classes ?? []).map((c) => ({ value: c, label: c }))} allowCustom placeholder="portico" error={errorAt(form.formState.errors, 'gatewayClassName')} />
            )}
          />
        </div>
        <div className="grid gap-4">
          <h2 className="text-sm font-semibold text-slate-800">Listeners</h2>
          <FieldError id="listeners-error" message={errorAt(form.formState.errors, 'listeners')} />
          {fields.map((f, i) => {
            const name = form.getValues(`listeners.${i}.name`);
            const stored = live?.spec?.listeners?.some((l) => l.name === name);
            return (
              <ListenerCard
                key={f.id}
                index={i}
                secrets={secrets}
                onRemove={() => remove(i)}
                status={live && stored ? <ListenerStatus gateway={{ ...live, spec: { ...live.spec, listeners: live.spec?.listeners?.filter((l) => l.name === name) ?? [] } } as Gateway} /> : null}
              />
            );
          })}
          <div className="flex flex-wrap gap-2">
            {LISTENER_PROTOCOLS.map((p) => (
              <Button key={p} onClick={() => append({ ...emptyListener(p), name: uniqueName(p.toLowerCase(), form.getValues('listeners')) })}>
                <Plus className="h-4 w-4" aria-hidden /> {p} listener
              </Button>
            ))}
          </div>
        </div>
        <div className="flex items-center gap-2 border-t border-slate-200 pt-4">
          <Button type="submit" variant="primary" disabled={busy || conflict}>
            {busy ? 'Saving…' : editing ? 'Save' : 'Create'}
          </Button>
          <Link href="/gateways" className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
            Cancel
          </Link>
        </div>
      </form>
      ) : (
        <>
          {conflict ? null : <ServerErrors errors={textErrors} />}
          <ManifestTextPane
            language={mode}
            text={text}
            onChange={setText}
            schema={gatewayEditorSchema()}
            check={check}
            serverFields={textErrors?.fields ?? []}
            busy={busy || conflict}
            submitLabel={editing ? 'Save' : 'Create'}
            onSubmit={submitText}
            onCancel={() => router.push('/gateways')}
            ariaLabel={`Gateway ${mode.toUpperCase()}`}
            name={editing ? 'edit-gateway' : 'new-gateway'}
          />
        </>
      )}
      </div>
    </FormProvider>
  );
}

function uniqueName(base: string, listeners: ListenerForm[]): string {
  const taken = new Set(listeners.map((l) => l.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

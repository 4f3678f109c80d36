'use client';
/**
 * Create or edit a GRPCRoute, TLSRoute or TCPRoute with a form, or as YAML or JSON, switching
 * at any time without losing a field: the HTTPRoute editor's model (`base` holds the whole
 * object, the form only what it shows), for any kind given its form adapter
 * (./stream-route-adapters.tsx). Create = one server call (validated there), then the detail
 * page. Edit = replace at the resourceVersion it started from; a 409 offers "reload and keep
 * my edits" (your changes replayed on the latest version).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { FormProvider, useForm, type DefaultValues, type FieldPath, type FieldValues, type Path, type PathValue, type Resolver } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { toast } from 'sonner';
import { AlertTriangle, RotateCcw } from 'lucide-react';
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import type { GatewayChoice, ServiceSummary } from '@/lib/console/rows';
import { getApi, getApiItem } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { manifestToText, type EditorFieldError, type ManifestLanguage } from '../editor';
import { Button } from '../common/button';
import { checkManifestText } from '../common/manifest-check';
import { useServices } from '../common/use-project-data';
import { useRecheckErrors } from '../common/use-recheck-errors';
import { editableView } from '../common/manifest-yaml-tab';
import { applyOverStatusChanges, rebaseFromOrigin } from '../common/rebase-edits';
import { ManifestTextPane } from '../common/manifest-text-pane';
import { EditModeTabs, ServerErrors, type EditMode } from '../common/edit-mode';
import { saveRoute, type GatewayRouteKind } from './route-kinds';

const noSubscribe = () => () => {};

/** What the generic editor needs to know of one route kind's form. */
export interface RouteFormAdapter<F extends FieldValues> {
  kind: GatewayRouteKind;
  /** Listener protocols this kind attaches to, the preferred one (a new route's default parent) first. */
  protocols: readonly string[];
  resolver: Resolver<F>;
  toForm(route: unknown, project: string): F;
  toManifest(form: F, base: unknown, project: string): Manifest;
  fieldToForm(field: string, form: F): string | null;
  /** A new route's form, and the object it is written onto (no template placeholders). */
  empty(): F;
  newBase(project: string): Manifest;
  Fields: React.ComponentType<{ services: ServiceSummary[]; gateways: GatewayChoice[]; editing: boolean }>;
}

/** The project's attachable Gateways, with only the listeners that admit this kind. */
function useGateways(project: string, kind: string) {
  const key = qk.list(project, 'gateways');
  const q = useQuery({ queryKey: key, queryFn: () => getApi<GatewayChoice[]>(key) });
  return useMemo(() => (q.data ?? []).map((g) => ({ ...g, listeners: g.listeners.filter((l) => l.kinds.includes(kind)) })).filter((g) => g.listeners.length > 0), [q.data, kind]);
}

export function RouteFormEditor<F extends FieldValues>({
  adapter,
  project,
  existing,
  initialMode = 'form',
  onSaved,
}: {
  adapter: RouteFormAdapter<F>;
  project: string;
  existing?: Manifest;
  initialMode?: EditMode;
  onSaved?: (obj: Manifest) => void;
}) {
  const { kind } = adapter;
  const router = useRouter();
  const editingName: string | undefined = existing?.metadata?.name;
  const [base, setBase] = useState<Manifest>(() => (existing ? editableView(existing) : initialMode === 'form' ? adapter.newBase(project) : kind.blank(project)));
  // The stored version the edit began at: the 409 retry and the rebase diff against it (a YAML
  // edit replaces `base`, never this).
  const [origin, setOrigin] = useState<Manifest | undefined>(() => (existing ? editableView(existing) : undefined));
  const [mode, setMode] = useState<EditMode>(initialMode);
  const [text, setText] = useState(() => (initialMode === 'form' ? '' : manifestToText(base, initialMode)));
  const [serverErrors, setServerErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  // True once React runs in the browser: tests wait for it before typing.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);

  const toForm = (m: unknown) => adapter.toForm(m, project) as DefaultValues<F>;
  const form = useForm<F>({ resolver: adapter.resolver, defaultValues: existing ? toForm(existing) : (adapter.empty() as DefaultValues<F>), mode: 'onTouched' });
  const services = useServices(project);
  const gateways = useGateways(project, kind.expected.kind);
  const check = useMemo(() => (mode === 'form' ? null : checkManifestText(text, mode, project, kind.expected)), [text, mode, project, kind]);
  const readLatest = (name: string) => getApiItem<Manifest>(qk.item(project, kind.resource, name));

  // A new route starts attached to the first Gateway with a listener of the preferred protocol.
  useEffect(() => {
    const parents = form.getValues('parents' as Path<F>) as { gateway: string }[] | undefined;
    if (editingName || parents?.length !== 1 || parents[0].gateway !== '') return;
    const gw = gateways.find((g) => g.listeners.some((l) => l.protocol === adapter.protocols[0])) ?? gateways[0];
    if (gw) form.setValue('parents.0.gateway' as Path<F>, `${gw.namespace}/${gw.name}` as PathValue<F, Path<F>>);
  }, [gateways, editingName, form, adapter]);

  useRecheckErrors(form);

  const formManifest = () => adapter.toManifest(form.getValues(), base, project);

  const switchMode = (next: EditMode) => {
    if (next === mode) return;
    if (mode === 'form') setText(manifestToText(formManifest(), next as ManifestLanguage));
    else {
      if (!check?.parsed) {
        toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
        return;
      }
      if (next === 'form') {
        setBase(check.parsed);
        form.reset(toForm(check.parsed));
      } else setText(manifestToText(check.parsed, next));
    }
    setServerErrors(null);
    setMode(next);
  };

  const showServerErrors = (r: Extract<ActionResult<unknown>, { ok: false }>) => {
    const unmatched: EditorFieldError[] = [];
    if (mode === 'form') {
      const values = form.getValues();
      for (const fe of r.fieldErrors) {
        const f = adapter.fieldToForm(fe.field, values);
        if (f) form.setError(f as FieldPath<F>, { type: 'server', message: fe.message }, { shouldFocus: true });
        else unmatched.push(fe);
      }
    }
    setServerErrors({ message: r.message, fields: mode === 'form' ? unmatched : r.fieldErrors });
    toast.error(`The ${kind.label} was not ${editingName ? 'saved' : 'created'}: ${r.message}`);
  };

  const currentManifest = async (): Promise<Manifest | undefined> => {
    if (mode === 'form') return (await form.trigger(undefined, { shouldFocus: true })) ? formManifest() : undefined;
    return check?.parsed && !check.reason ? check.parsed : undefined;
  };

  const detailHref = (name: string) => `/projects/${encodeURIComponent(project)}/${kind.resource}/${encodeURIComponent(name)}`;

  const submit = async () => {
    const manifest = await currentManifest();
    if (!manifest) return;
    setBusy(true);
    setServerErrors(null);
    try {
      const latest = async () => (editingName ? ((await readLatest(editingName).catch(() => null)) ?? undefined) : undefined);
      const r = await applyOverStatusChanges(manifest, editingName ? origin : undefined, (m) => saveRoute(kind, project, m, editingName), latest);
      if (!r.ok) {
        if (r.status === 409 && editingName) setConflict(true);
        else showServerErrors(r);
        return;
      }
      const name = r.value.metadata?.name ?? editingName ?? '';
      toast.success(`${kind.label} ${name} ${editingName ? 'saved' : 'created'}`);
      if (editingName) {
        setBase(editableView(r.value));
        setOrigin(editableView(r.value));
        form.reset(toForm(r.value));
        onSaved?.(r.value);
      } else router.push(detailHref(name));
    } catch (err) {
      setServerErrors({ message: (err as Error).message, fields: [] });
    } finally {
      setBusy(false);
    }
  };

  /** After a 409: load the latest version and replay this editor's changes on top of it. */
  const reloadKeepingEdits = async () => {
    const mine = mode === 'form' ? formManifest() : check?.parsed;
    if (!editingName || !mine || !origin) return;
    setBusy(true);
    let latest: Manifest | null;
    try {
      latest = await readLatest(editingName);
    } catch (err) {
      return toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
    if (!latest) return toast.error(`${kind.label} ${editingName} no longer exists`);
    const reloaded = rebaseFromOrigin(origin, mine, editableView(latest));
    setBase(reloaded.base);
    setOrigin(reloaded.origin);
    if (mode === 'form') form.reset(toForm(reloaded.base));
    else setText(manifestToText(reloaded.base, mode));
    setConflict(false);
    toast.message('Loaded the latest version with your edits on top: check and save again.');
  };

  const cancel = () => router.push(editingName ? detailHref(editingName) : `/projects/${encodeURIComponent(project)}/${kind.resource}`);
  const submitLabel = editingName ? 'Save' : 'Create';
  const Fields = adapter.Fields;

  return (
    <FormProvider {...form}>
      <div className="space-y-4" data-testid={`${kind.resource}-editor`} data-ready={hydrated ? 'true' : 'false'}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            {mode === 'form' ? 'Fill in the route; switch to YAML or JSON at any time.' : `Write the route as a Gateway API ${kind.label}. Completion and docs: Ctrl+Space.`}
          </p>
          <EditModeTabs mode={mode} onChange={switchMode} />
        </div>

        {conflict ? (
          <div role="alert" className="flex flex-wrap items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <div className="grow">
              <p className="font-semibold">Someone else changed this {kind.label} while you were editing.</p>
              <p>Your edits were not saved. Reload the latest version: your edits are replayed on top of it.</p>
            </div>
            <Button onClick={() => void reloadKeepingEdits()} disabled={busy}>
              <RotateCcw className="h-4 w-4" aria-hidden /> Reload and keep my edits
            </Button>
          </div>
        ) : null}
        <ServerErrors errors={serverErrors} />

        {mode === 'form' ? (
          <form
            noValidate
            aria-label={editingName ? `Edit ${kind.label} ${editingName}` : `New ${kind.label}`}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
            className="rounded-lg border border-slate-200 bg-slate-50/50 p-5"
          >
            <Fields services={services.items} gateways={gateways} editing={!!editingName} />
            {services.error ? <p className="mt-2 text-sm text-red-700">Could not load services: {services.error}</p> : null}
            <div className="mt-6 flex items-center gap-2 border-t border-slate-200 pt-4">
              <Button type="submit" variant="primary" disabled={busy || conflict}>
                {busy ? 'Saving…' : submitLabel}
              </Button>
              <Button variant="ghost" onClick={cancel}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <ManifestTextPane
            language={mode}
            text={text}
            onChange={setText}
            schema={kind.editorSchema()}
            check={check}
            serverFields={serverErrors?.fields ?? []}
            busy={busy || conflict}
            submitLabel={submitLabel}
            onSubmit={() => void submit()}
            onCancel={cancel}
            ariaLabel={`${kind.label} ${mode.toUpperCase()}`}
            name={editingName ? `edit-${kind.resource}` : `new-${kind.resource}`}
          />
        )}
      </div>
    </FormProvider>
  );
}

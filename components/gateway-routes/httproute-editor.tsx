'use client';
/**
 * Create or edit an HTTPRoute with a form, or as YAML or JSON, switching at any time
 * without losing a field (the route-wizard model: `base` holds the whole object, the form
 * only what it shows). Create = server-side dry run, then create, then the detail page.
 * Edit = replace at the resourceVersion it started from; a 409 offers "reload and keep my
 * edits" (your changes replayed on the latest version).
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { FormProvider, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { toast } from 'sonner';
import { AlertTriangle, RotateCcw } from 'lucide-react';
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { emptyHttpRule, formToHttpRoute, httpRouteFieldToFormField, httpRouteToForm, type HttpRouteForm } from '@/lib/forms/httproute-form';
import { httpRouteFormSchema } from '@/lib/forms/httproute-form-schema';
import type { GatewayChoice } from '@/lib/console/rows';
import { getApi, getApiItem } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { manifestToText, type EditorFieldError, type ManifestLanguage } from '../editor';
import { Button } from '../common/button';
import { checkManifestText } from '../common/manifest-check';
import { useServices } from '../common/use-project-data';
import { useRecheckErrors } from '../common/use-recheck-errors';
import { editableView } from '../common/manifest-yaml-tab';
import { applyOverStatusChanges, rebaseFromOrigin } from '../common/rebase-edits';
import { HttpRouteFormFields } from './httproute-form-fields';
import { ManifestTextPane } from '../common/manifest-text-pane';
import { EditModeTabs, ServerErrors, type EditMode } from '../common/edit-mode';
import { HTTP_ROUTE, saveRoute } from './route-kinds';

const noSubscribe = () => () => {};

function useGateways(project: string) {
  const key = qk.list(project, 'gateways');
  const q = useQuery({ queryKey: key, queryFn: () => getApi<GatewayChoice[]>(key) });
  // The server offers listeners of every route kind the project may attach: keep HTTPRoute's.
  return useMemo(
    () => (q.data ?? []).map((g) => ({ ...g, listeners: g.listeners.filter((l) => l.kinds.includes('HTTPRoute')) })).filter((g) => g.listeners.length > 0),
    [q.data],
  );
}

/** The stored HTTPRoute (for a replay after a 409); null when it was deleted. */
const readLatest = (project: string, name: string) => getApiItem<Manifest>(qk.item(project, 'httproutes', name));

function initialForm(project: string, existing: Manifest | undefined): HttpRouteForm {
  if (existing) return httpRouteToForm(existing, project);
  return { name: '', alias: '', description: '', annotations: [], labels: [], parents: [{ gateway: '', sectionName: '' }], hostnames: [], rules: [emptyHttpRule()] };
}

export function HttpRouteEditor({ project, existing, initialMode = 'form', onSaved }: { project: string; existing?: Manifest; initialMode?: EditMode; onSaved?: (obj: Manifest) => void }) {
  const router = useRouter();
  const editingName: string | undefined = existing?.metadata?.name;
  const [base, setBase] = useState<Manifest>(() => (existing ? editableView(existing) : HTTP_ROUTE.blank(project)));
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

  const form = useForm<HttpRouteForm>({ resolver: zodResolver(httpRouteFormSchema), defaultValues: initialForm(project, existing), mode: 'onTouched' });
  const services = useServices(project);
  const gateways = useGateways(project);
  const check = useMemo(() => (mode === 'form' ? null : checkManifestText(text, mode, project, HTTP_ROUTE.expected)), [text, mode, project]);

  // A new route starts attached to the first Gateway with an HTTP listener, once they are known.
  useEffect(() => {
    if (editingName || form.getValues('parents.0.gateway') !== '' || form.getValues('parents').length !== 1) return;
    const gw = gateways.find((g) => g.listeners.some((l) => l.protocol === 'HTTP')) ?? gateways[0];
    if (gw) form.setValue('parents.0.gateway', `${gw.namespace}/${gw.name}`);
  }, [gateways, editingName, form]);

  useRecheckErrors(form);

  const formManifest = () => formToHttpRoute(form.getValues(), base, project);

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
        form.reset(httpRouteToForm(check.parsed, project));
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
        const f = httpRouteFieldToFormField(fe.field, values);
        if (f) form.setError(f as FieldPath<HttpRouteForm>, { type: 'server', message: fe.message }, { shouldFocus: true });
        else unmatched.push(fe);
      }
    }
    setServerErrors({ message: r.message, fields: mode === 'form' ? unmatched : r.fieldErrors });
    toast.error(`The HTTPRoute was not ${editingName ? 'saved' : 'created'}: ${r.message}`);
  };

  const currentManifest = async (): Promise<Manifest | undefined> => {
    if (mode === 'form') return (await form.trigger(undefined, { shouldFocus: true })) ? formManifest() : undefined;
    return check?.parsed && !check.reason ? check.parsed : undefined;
  };

  const submit = async () => {
    const manifest = await currentManifest();
    if (!manifest) return;
    setBusy(true);
    setServerErrors(null);
    try {
      const latest = async () => (editingName ? ((await readLatest(project, editingName).catch(() => null)) ?? undefined) : undefined);
      const r = await applyOverStatusChanges(manifest, editingName ? origin : undefined, (m) => saveRoute(HTTP_ROUTE, project, m, editingName), latest);
      if (!r.ok) {
        if (r.status === 409 && editingName) setConflict(true);
        else showServerErrors(r);
        return;
      }
      const name = r.value.metadata?.name ?? editingName ?? '';
      toast.success(`HTTPRoute ${name} ${editingName ? 'saved' : 'created'}`);
      if (editingName) {
        setBase(editableView(r.value));
        setOrigin(editableView(r.value));
        form.reset(httpRouteToForm(r.value, project));
        onSaved?.(r.value);
      } else router.push(`/projects/${encodeURIComponent(project)}/httproutes/${encodeURIComponent(name)}`);
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
      latest = await readLatest(project, editingName);
    } catch (err) {
      return toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
    if (!latest) return toast.error(`HTTPRoute ${editingName} no longer exists`);
    const reloaded = rebaseFromOrigin(origin, mine, editableView(latest));
    setBase(reloaded.base);
    setOrigin(reloaded.origin);
    if (mode === 'form') form.reset(httpRouteToForm(reloaded.base, project));
    else setText(manifestToText(reloaded.base, mode));
    setConflict(false);
    toast.message('Loaded the latest version with your edits on top: check and save again.');
  };

  const cancel = () => router.push(`/projects/${encodeURIComponent(project)}/httproutes${editingName ? `/${encodeURIComponent(editingName)}` : ''}`);
  const submitLabel = editingName ? 'Save' : 'Create';

  return (
    <FormProvider {...form}>
      <div className="space-y-4" data-testid="httproute-editor" data-ready={hydrated ? 'true' : 'false'}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600">
            {mode === 'form' ? 'Fill in the route; switch to YAML or JSON at any time.' : 'Write the route as a Gateway API HTTPRoute. Completion and docs: Ctrl+Space.'}
          </p>
          <EditModeTabs mode={mode} onChange={switchMode} />
        </div>

        {conflict ? (
          <div role="alert" className="flex flex-wrap items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <div className="grow">
              <p className="font-semibold">Someone else changed this HTTPRoute while you were editing.</p>
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
            aria-label={editingName ? `Edit HTTPRoute ${editingName}` : 'New HTTPRoute'}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
            className="rounded-lg border border-slate-200 bg-slate-50/50 p-5"
          >
            <HttpRouteFormFields services={services.items} gateways={gateways} editing={!!editingName} />
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
            schema={HTTP_ROUTE.editorSchema()}
            check={check}
            serverFields={serverErrors?.fields ?? []}
            busy={busy || conflict}
            submitLabel={submitLabel}
            onSubmit={() => void submit()}
            onCancel={cancel}
            ariaLabel={`HTTPRoute ${mode.toUpperCase()}`}
            name={editingName ? 'edit-httproute' : 'new-httproute'}
          />
        )}
      </div>
    </FormProvider>
  );
}

'use client';
/**
 * The Service wizard, for a new Service and for editing an existing one: five validated steps
 * (Basic info, Type and ports, Selector, Advanced, Labels) and, at any step, a Form | YAML | JSON
 * switch that never loses a field. Same frame as the route wizard (components/ingresses/wizard):
 * `base` is the full object (unknown fields live there), the form holds only what it shows;
 * form -> text is formToService(form, base), text -> form makes the parsed text the new base.
 *
 * Editing: the object the edit started from is the base (its resourceVersion goes with the
 * save) and the origin (kept when a YAML edit replaces the base: 409s are judged against it); a status-only change meanwhile is saved over, a real one (409) offers "Reload and keep
 * my edits", which replays the edits onto the latest version, as the YAML tab does.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { FormProvider, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { AlertCircle, AlertTriangle, RotateCcw } from 'lucide-react';
import { formToService, newServiceBase, newServiceForm, serviceToForm, type ServiceForm } from '@/lib/forms/service-form';
import { SERVICE_STEP_FIELDS, SERVICE_STEPS, serviceFieldToFormField, serviceFormSchema, serviceObjectErrors, serviceStepOf } from '@/lib/forms/service-form-schema';
import { makeServiceJsonSchema } from '@/lib/forms/service-json-schema';
import type { ActionResult, FieldError as ServerFieldError } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { createServiceAction, getServiceAction, updateServiceAction } from '@/server/actions/services';
import { CodeEditor, manifestToText, type EditorFieldError, type EditorSchema, type ManifestLanguage } from '@/components/editor';
import { Button } from '@/components/common/button';
import { EditModeTabs, ServerErrors, type EditMode } from '@/components/common/edit-mode';
import { checkManifestText, type ExpectedKind, type ManifestCheck } from '@/components/common/manifest-check';
import { editableView } from '@/components/common/manifest-yaml-tab';
import { applyOverStatusChanges, rebaseFromOrigin } from '@/components/common/rebase-edits';
import { useRecheckErrors } from '@/components/common/use-recheck-errors';
import { qk } from '@/components/live/query-keys';
import { Stepper } from '@/components/ingresses/wizard/stepper';
import { StepBasic } from './step-basic';
import { StepPorts } from './step-ports';
import { StepSelector } from './step-selector';
import { StepAdvanced } from './step-advanced';
import { KeyValueRowList } from '@/components/common/metadata-fields';

type Obj = Record<string, unknown>;
const noSubscribe = () => () => {};
const SERVICE: ExpectedKind = { apiVersion: 'v1', kind: 'Service', what: 'a service is a v1 Service' };

let editorSchema: EditorSchema | undefined;
function serviceEditorSchema(): EditorSchema {
  editorSchema ??= { id: 'service', schema: makeServiceJsonSchema() };
  return editorSchema;
}

/** The YAML/JSON mode's checks: parses, is a Service of this project, and passes the API's rules. */
function checkServiceText(text: string, language: ManifestLanguage, project: string): ManifestCheck {
  const c = checkManifestText(text, language, project, SERVICE);
  if (!c.parsed) return c;
  const causes = [...c.causes, ...serviceObjectErrors(c.parsed).filter((x) => !c.causes.some((y) => y.field === x.field))];
  const reason = causes.length ? `${causes.length} problem${causes.length > 1 ? 's' : ''}: ${causes[0].field ? `${causes[0].field}: ` : ''}${causes[0].message}` : undefined;
  return { parsed: c.parsed, reason, causes };
}

interface Props {
  project: string;
  /** The Service to edit; without it the wizard creates one. */
  existing?: Manifest;
  initialMode?: EditMode;
}

export function ServiceWizard({ project, existing, initialMode = 'form' }: Props) {
  const router = useRouter();
  const qc = useQueryClient();
  const editing = existing !== undefined;
  const editName = existing?.metadata?.name ?? '';
  const [base, setBase] = useState<Obj>(() => (existing ? (editableView(existing) as Obj) : newServiceBase(project)));
  // The stored version the edit began at: the 409 retry and the rebase diff against it (a YAML
  // edit replaces `base`, never this, so YAML-only edits are part of what is replayed).
  const [origin, setOrigin] = useState<Manifest | undefined>(() => (existing ? editableView(existing) : undefined));
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<EditMode>(initialMode);
  const [text, setText] = useState(() => (initialMode === 'form' ? '' : manifestToText(base, initialMode)));
  const [serverErrors, setServerErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The name field takes focus when a new wizard opens, not when a server error sends the user
  // back to step 1 (focus then goes to the heading, and the blur would re-validate the field
  // and clear the server's error).
  const [focusName, setFocusName] = useState(!existing);
  // A name the API refused as taken stays reported until it changes: the blur of a Tab through
  // the field re-validates it with the form's rules, which would clear the server's error.
  const [takenName, setTakenName] = useState<string>();
  // Headless and cluster-IP services cannot turn into each other once created.
  const lockedHeadless = existing ? serviceToForm(existing).type === 'Headless' : undefined;

  const form = useForm<ServiceForm>({
    resolver: zodResolver(serviceFormSchema),
    defaultValues: existing ? serviceToForm(base) : newServiceForm(project),
    mode: 'onTouched',
  });
  useRecheckErrors(form);
  const typedName = useWatch({ control: form.control, name: 'name' });
  const takenMessage = takenName !== undefined && !editing && typedName.trim() === takenName ? `a service named ${takenName} already exists in ${project}` : undefined;

  const check: ManifestCheck | null = useMemo(() => (mode === 'form' ? null : checkServiceText(text, mode, project)), [text, mode, project]);

  const shownStep = useRef(step);
  // data-ready: set once React is attached, so tests don't type into a not-yet-hydrated form.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  useEffect(() => {
    if (shownStep.current === step) return; // first render: keep the name field's focus
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const currentManifest = (): Obj => formToService(form.getValues(), base);

  const switchMode = (next: EditMode) => {
    if (next === mode) return;
    if (mode === 'form') setText(manifestToText(currentManifest(), next as ManifestLanguage));
    else {
      if (!check?.parsed) {
        toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
        return;
      }
      const parsed = check.parsed;
      if (next === 'form') {
        setBase(parsed);
        form.reset(serviceToForm(parsed));
      } else setText(manifestToText(parsed, next));
    }
    setServerErrors(null);
    setMode(next);
  };

  /** Marks server field errors on the form (jumping to the first step that has one) or lists them over the editor. */
  const showServerErrors = (r: Extract<ActionResult<unknown>, { ok: false }>) => {
    const unmatched: ServerFieldError[] = [];
    const fields = [...r.fieldErrors];
    if (!editing && r.status === 409) setTakenName(String(form.getValues('name')).trim());
    if (!editing && r.status === 409) fields.push({ field: 'metadata.name', message: `a service named ${String(form.getValues('name'))} already exists in ${project}` });
    if (mode === 'form') {
      const values = form.getValues();
      let first = Infinity;
      for (const fe of fields) {
        const f = serviceFieldToFormField(fe.field, values);
        if (f) {
          form.setError(f as FieldPath<ServiceForm>, { type: 'server', message: fe.message });
          first = Math.min(first, serviceStepOf(f));
        } else unmatched.push(fe);
      }
      if (first !== Infinity) setStep(first);
    }
    setServerErrors({ message: r.message, fields: mode === 'form' ? unmatched : fields });
    toast.error(`The service was not ${editing ? 'saved' : 'created'}: ${r.message}`);
  };

  const reloadLatest = async (): Promise<Manifest | undefined> => {
    const r = await getServiceAction(project, editName);
    return r.ok ? (r.value as Manifest) : undefined;
  };

  const save = async () => {
    let manifest: Obj;
    if (mode === 'form') {
      if (!(await form.trigger())) {
        const errs = Object.keys(form.formState.errors);
        if (errs.length) setStep(Math.min(...errs.map(serviceStepOf)));
        return;
      }
      manifest = currentManifest();
    } else {
      if (!check?.parsed || check.reason) return;
      manifest = check.parsed;
    }
    setBusy(true);
    setServerErrors(null);
    try {
      const r = editing
        ? await applyOverStatusChanges(manifest as Manifest, origin, (m) => updateServiceAction(project, editName, m), reloadLatest)
        : await createServiceAction(project, manifest);
      if (!r.ok) {
        if (editing && r.status === 409) {
          setConflict(true);
          return;
        }
        return showServerErrors(r);
      }
      const name = editing ? editName : String((r.value.metadata as { name?: string } | undefined)?.name ?? form.getValues('name'));
      toast.success(`Service ${name} ${editing ? 'updated' : 'created'}`);
      // The list prefix covers the list and every service's detail.
      void qc.invalidateQueries({ queryKey: qk.list(project, 'services') });
      router.push(`/projects/${encodeURIComponent(project)}/services/${encodeURIComponent(name)}`);
    } catch (err) {
      setServerErrors({ message: (err as Error).message, fields: [] });
    } finally {
      setBusy(false);
    }
  };

  /** After a 409: replay my edits (origin -> mine) onto the latest version; the result is the form's new base. */
  const reloadKeepingEdits = async () => {
    let mine: Obj;
    if (mode === 'form') mine = currentManifest();
    else if (check?.parsed) mine = check.parsed;
    else {
      toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
      return;
    }
    if (!origin) return;
    setBusy(true);
    const latest = await reloadLatest().finally(() => setBusy(false));
    if (!latest) {
      toast.error(`Service ${editName} no longer exists`);
      return;
    }
    const reloaded = rebaseFromOrigin(origin, mine as Manifest, editableView(latest));
    setBase(reloaded.base as Obj);
    setOrigin(reloaded.origin);
    if (mode === 'form') form.reset(serviceToForm(reloaded.base));
    else setText(manifestToText(reloaded.base, mode));
    setConflict(false);
    toast.message('Loaded the latest version with your edits on top: review and save again.');
  };

  const next = async () => {
    const fields = [...SERVICE_STEP_FIELDS[step]] as FieldPath<ServiceForm>[];
    if (!(await form.trigger(fields, { shouldFocus: true }))) return;
    if (step === 0 && takenMessage) {
      form.setError('name', { type: 'server', message: takenMessage }, { shouldFocus: true });
      return;
    }
    setFocusName(false);
    if (step < SERVICE_STEPS.length - 1) setStep(step + 1);
    else await save();
  };

  const submitLabel = busy ? (editing ? 'Saving…' : 'Creating…') : editing ? 'Save service' : 'Create service';
  const textDisabledReason = mode !== 'form' ? check?.reason : undefined;
  const cancel = () => router.push(`/projects/${encodeURIComponent(project)}/services${editing ? `/${encodeURIComponent(editName)}` : ''}`);

  return (
    <FormProvider {...form}>
      <div className="space-y-4" data-testid="service-wizard" data-ready={hydrated ? 'true' : 'false'}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          {mode === 'form' ? (
            <Stepper steps={SERVICE_STEPS} current={step} onGo={setStep} disabled={busy} />
          ) : (
            <p className="text-sm text-slate-600">Write the service as a Kubernetes Service. Completion and docs: Ctrl+Space; hover a field for help.</p>
          )}
          <EditModeTabs mode={mode} onChange={switchMode} />
        </div>

        {conflict ? (
          <div role="alert" className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <div className="grid gap-2">
              <p className="font-semibold">Someone else changed this service while you were editing.</p>
              <p>Your edits were not saved. Reload the latest version: your edits are kept on top of it.</p>
              <div>
                <Button onClick={() => void reloadKeepingEdits()} disabled={busy}>
                  <RotateCcw className="h-4 w-4" aria-hidden /> Reload and keep my edits
                </Button>
              </div>
            </div>
          </div>
        ) : null}
        <ServerErrors errors={serverErrors} />

        {mode === 'form' ? (
          <form
            noValidate
            aria-labelledby="wizard-step-heading"
            onSubmit={(e) => {
              e.preventDefault();
              void next();
            }}
            className="rounded-lg border border-slate-200 bg-slate-50/50 p-5"
          >
            <h2 id="wizard-step-heading" ref={headingRef} tabIndex={-1} className="mb-4 text-lg font-semibold outline-none">
              Step {step + 1} of {SERVICE_STEPS.length}: {SERVICE_STEPS[step]}
            </h2>
            {step === 0 ? <StepBasic editing={editing} autoFocusName={focusName} takenMessage={takenMessage} /> : null}
            {step === 1 ? <StepPorts lockedHeadless={lockedHeadless} /> : null}
            {step === 2 ? <StepSelector project={project} /> : null}
            {step === 3 ? <StepAdvanced /> : null}
            {step === 4 ? (
              <div className="grid max-w-3xl gap-3">
                <p className="text-sm text-slate-600">Labels organise services and let tools select them, e.g. tier=backend.</p>
                <div className="grid gap-2">
                  <KeyValueRowList field="labels" noun="Label" keyPlaceholder="tier" valuePlaceholder="backend" />
                </div>
              </div>
            ) : null}
            <div className="mt-6 flex items-center gap-2 border-t border-slate-200 pt-4">
              <Button onClick={() => setStep(step - 1)} disabled={step === 0 || busy}>
                Back
              </Button>
              <Button type="submit" variant="primary" disabled={busy || conflict}>
                {step < SERVICE_STEPS.length - 1 ? 'Next' : submitLabel}
              </Button>
              {editing && step < SERVICE_STEPS.length - 1 ? (
                <Button onClick={() => void save()} disabled={busy || conflict}>
                  {submitLabel}
                </Button>
              ) : null}
              <Button variant="ghost" onClick={cancel}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="space-y-3">
            <CodeEditor
              key={mode}
              language={mode}
              value={text}
              onChange={setText}
              schema={serviceEditorSchema()}
              name={editing ? `service-${editName}` : 'new-service'}
              fieldErrors={[...(check?.causes ?? []), ...(serverErrors?.fields ?? [])]}
              ariaLabel={`Service ${mode.toUpperCase()}`}
              height="60vh"
            />
            <div className="flex items-center gap-3">
              <Button variant="primary" onClick={() => void save()} disabled={busy || conflict || !!textDisabledReason} aria-describedby={textDisabledReason ? 'save-disabled-reason' : undefined}>
                {submitLabel}
              </Button>
              <Button variant="ghost" onClick={cancel}>
                Cancel
              </Button>
              {textDisabledReason ? (
                <p id="save-disabled-reason" role="status" className="flex items-center gap-1.5 text-sm text-red-700">
                  <AlertCircle className="h-4 w-4" aria-hidden /> {editing ? 'Save' : 'Create'} is disabled: {textDisabledReason}
                </p>
              ) : null}
            </div>
          </div>
        )}
      </div>
    </FormProvider>
  );
}

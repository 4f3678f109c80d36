'use client';
/**
 * The route wizard: four validated steps (Basic info, Rules, Annotations, Labels) and, at any
 * step, a Form | YAML | JSON switch that never loses a field. It creates a route, or edits an
 * existing one (`existing`): then the object read is the base, so fields the form does not
 * show survive; Save replaces it at the resourceVersion read, and a 409 offers "reload and
 * keep my edits" as the YAML tab does (your changes replayed on the latest version).
 *
 * State: `base` is the full Ingress object the form edits (unknown fields live there); the
 * form holds only what it shows; `origin` is the stored version the edit began at, which the
 * 409 retry and the rebase diff against (a YAML edit replaces `base`, never `origin`). Form -> text serializes formToIngress(form, base); text ->
 * form parses the text, makes it the new base and resets the form from it. Invalid text never
 * overwrites the form: switching away from it is refused with the reason.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { FormProvider, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { AlertCircle, AlertTriangle, RotateCcw } from 'lucide-react';
import { emptyRule, formToIngress, ingressToForm, newIngressBase, type IngressForm } from '@/lib/forms/ingress-form';
import { makeIngressFormSchema, STEP_FIELDS } from '@/lib/forms/ingress-form-schema';
import { k8sFieldToFormField, stepOfFormField } from '@/lib/forms/field-paths';
import { isSnippetAnnotation, SUPPORTED_ANNOTATIONS } from '@/lib/routing/annotations';
import { createRouteAction, getRouteAction, updateRouteAction } from '@/server/actions/routes';
import type { Manifest } from '@/lib/console/manifest';
import { editableView } from '@/components/common/manifest-yaml-tab';
import { applyOverStatusChanges, rebaseFromOrigin } from '@/components/common/rebase-edits';
import type { ActionResult, FieldError as ServerFieldError } from '@/lib/console/action-result';
import { CodeEditor, manifestToText, type EditorFieldError, type ManifestLanguage } from '@/components/editor';
import { Button } from '@/components/common/button';
import { Stepper, STEPS } from './stepper';
import { StepBasic } from './step-basic';
import { StepRules } from './step-rules';
import { StepAnnotations } from './step-annotations';
import { StepLabels } from './step-labels';
import { useServices, useTlsSecrets } from '@/components/common/use-project-data';
import { checkName, useNameCheck, type NameStatus } from './use-name-check';
import { useRecheckErrors } from '@/components/common/use-recheck-errors';
import { EditModeTabs, ServerErrors, type EditMode } from '@/components/common/edit-mode';
import { ingressEditorSchema, validateManifestText, type ManifestCheck } from '@/components/common/manifest-check';

export type { EditMode };

const schema = makeIngressFormSchema({ annotations: SUPPORTED_ANNOTATIONS, isRefusedAnnotation: isSnippetAnnotation });

interface Props {
  project: string;
  initialMode?: EditMode;
  /** The Ingress to edit (as read, with its resourceVersion); absent = create a new route. */
  existing?: Manifest;
}

/** The stored Ingress (for a replay after a 409); undefined when it is gone or unreadable. */
async function readLatest(project: string, name: string): Promise<Manifest | undefined> {
  const r = await getRouteAction(project, name);
  return r.ok ? (r.value as Manifest) : undefined;
}

export function RouteWizard({ project, initialMode = 'form', existing }: Props) {
  const router = useRouter();
  const editingName = existing?.metadata?.name;
  const [base, setBase] = useState<Record<string, unknown>>(() => (existing ? editableView(existing) : newIngressBase(project)));
  const [origin, setOrigin] = useState<Manifest | undefined>(() => (existing ? editableView(existing) : undefined));
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<EditMode>(initialMode);
  const [text, setText] = useState(() => (initialMode === 'form' ? '' : manifestToText(existing ? editableView(existing) : newIngressBase(project), initialMode)));
  const [serverErrors, setServerErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The name field takes focus when a new wizard opens, not on a return to step 1 (focus then
  // goes to the heading, and the name's blur would re-validate it and clear a server error).
  const [focusName, setFocusName] = useState(!editingName);
  const goToStep = (s: number) => {
    setFocusName(false);
    setStep(s);
  };

  const form = useForm<IngressForm>({
    resolver: zodResolver(schema),
    // A new route starts with one rule to fill in (the common case); remove it for a default-backend-only route.
    defaultValues: existing ? ingressToForm(existing) : { ...ingressToForm(newIngressBase(project)), rules: [emptyRule()] },
    mode: 'onTouched',
  });
  const services = useServices(project);
  const secrets = useTlsSecrets(project);
  // An existing route keeps its name (the field is read-only): nothing to check.
  const typedName = editingName ? '' : form.watch('name');
  const liveNameStatus = useNameCheck(project, typedName);
  // A name the API refused as taken stays reported until it changes: a blur re-validating the
  // field must not clear it (the live check may have said "available" before the other write).
  const [takenName, setTakenName] = useState<string>();
  const nameStatus: NameStatus = takenName !== undefined && typedName.trim() === takenName ? { state: 'taken', name: takenName, message: `a route named ${takenName} already exists in ${project}` } : liveNameStatus;

  const check: ManifestCheck | null = useMemo(() => (mode === 'form' ? null : validateManifestText(text, mode, project)), [text, mode, project]);

  // On step changes (not on first render, where the name field has focus) move focus to the
  // step heading so keyboard and screen reader users start at the top of the new step.
  const shownStep = useRef(step);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (shownStep.current === step) return; // first render (twice in StrictMode): keep the name field's focus
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  useRecheckErrors(form);

  const currentManifest = (): Record<string, unknown> => formToIngress(form.getValues(), base);

  const switchMode = (next: EditMode) => {
    if (next === mode) return;
    if (mode === 'form') {
      setText(manifestToText(currentManifest(), next as ManifestLanguage));
    } else {
      if (!check?.parsed) {
        toast.error(`Fix the ${mode.toUpperCase()} first: ${check?.reason ?? 'it does not parse'}`);
        return;
      }
      const obj = check.parsed;
      if (next === 'form') {
        setBase(obj);
        form.reset(ingressToForm(obj));
      } else setText(manifestToText(obj, next));
    }
    setServerErrors(null);
    setMode(next);
  };

  /** Marks server field errors on the form (jumping to the first step that has one) or the editor. */
  const showServerErrors = (r: Extract<ActionResult<unknown>, { ok: false }>, manifest: unknown) => {
    const unmatched: ServerFieldError[] = [];
    // The API's AlreadyExists carries no cause: name the field (created since step 1's check).
    const fieldErrors = [...r.fieldErrors];
    if (!editingName && r.status === 409) setTakenName(form.getValues('name').trim());
    if (!editingName && r.status === 409) fieldErrors.push({ field: 'metadata.name', message: `a route named ${form.getValues('name')} already exists in ${project}` });
    if (mode === 'form') {
      const values = form.getValues();
      let firstStep = Infinity;
      for (const fe of fieldErrors) {
        const f = k8sFieldToFormField(fe.field, values, manifest);
        if (f) {
          form.setError(f as FieldPath<IngressForm>, { type: 'server', message: fe.message });
          firstStep = Math.min(firstStep, stepOfFormField(f));
        } else unmatched.push(fe);
      }
      if (firstStep !== Infinity) goToStep(firstStep);
    }
    setServerErrors({ message: r.message, fields: mode === 'form' ? unmatched : fieldErrors });
    toast.error(`The route was not ${editingName ? 'saved' : 'created'}: ${r.message}`);
  };

  /** Replaces the edited route; a 409 caused only by a status write is retried on top of it. */
  const save = async (name: string, manifest: Record<string, unknown>) => {
    const r = await applyOverStatusChanges(manifest as Manifest, origin, (m) => updateRouteAction(project, name, m), () => readLatest(project, name));
    if (!r.ok) {
      if (r.status === 409) setConflict(true);
      else showServerErrors(r, manifest);
      return;
    }
    toast.success(`Route ${name} saved`);
    router.push(`/projects/${encodeURIComponent(project)}/routes/${encodeURIComponent(name)}`);
    router.refresh();
  };

  /** After a 409: load the latest version and replay this wizard's changes on top of it. */
  const reloadKeepingEdits = async () => {
    const mine = mode === 'form' ? currentManifest() : check?.parsed;
    if (!editingName || !mine || !origin) return;
    setBusy(true);
    const latest = await readLatest(project, editingName).finally(() => setBusy(false));
    if (!latest) return void toast.error(`Route ${editingName} no longer exists`);
    const reloaded = rebaseFromOrigin(origin, mine as Manifest, editableView(latest));
    setBase(reloaded.base);
    setOrigin(reloaded.origin);
    if (mode === 'form') form.reset(ingressToForm(reloaded.base));
    else setText(manifestToText(reloaded.base, mode));
    setConflict(false);
    toast.message('Loaded the latest version with your edits on top: check and save again.');
  };

  const create = async () => {
    let manifest: Record<string, unknown>;
    if (mode === 'form') {
      if (!(await form.trigger())) {
        const errs = Object.keys(form.formState.errors);
        if (errs.length) goToStep(Math.min(...errs.map(stepOfFormField)));
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
      if (editingName) return await save(editingName, manifest);
      // One server call: it validates (zod, lib/k8s) and makes one API write, whose refusal
      // carries the same per-field causes a dry run would.
      const created = await createRouteAction(project, manifest);
      if (!created.ok) return showServerErrors(created, manifest);
      const name = (created.value.metadata as { name?: string } | undefined)?.name ?? String((manifest.metadata as { name?: string }).name);
      toast.success(`Route ${name} created`);
      router.push(`/projects/${encodeURIComponent(project)}/routes/${encodeURIComponent(name)}`);
    } catch (err) {
      setServerErrors({ message: (err as Error).message, fields: [] });
    } finally {
      setBusy(false);
    }
  };

  const next = async () => {
    const fields = [...STEP_FIELDS[(['basic', 'rules', 'annotations', 'labels'] as const)[step]]] as FieldPath<IngressForm>[];
    if (!(await form.trigger(fields, { shouldFocus: true }))) return;
    if (step === 0 && !editingName) {
      const status = await checkName(project, form.getValues('name'));
      if (status.state === 'taken') {
        form.setError('name', { type: 'server', message: status.message }, { shouldFocus: true });
        return;
      }
    }
    if (step < STEPS.length - 1) goToStep(step + 1);
    else await create();
  };

  const textDisabledReason = mode !== 'form' ? check?.reason : undefined;
  const submitLabel = editingName ? (busy ? 'Saving…' : 'Save') : busy ? 'Creating…' : 'Create';
  const cancelHref = `/projects/${encodeURIComponent(project)}/routes${editingName ? `/${encodeURIComponent(editingName)}` : ''}`;

  return (
    <FormProvider {...form}>
      {/* data-ready: set once React is attached, so tests don't type into a not-yet-hydrated form */}
      <div className="space-y-4" data-testid="route-wizard" data-ready={hydrated ? 'true' : 'false'}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          {mode === 'form' ? <Stepper current={step} onGo={goToStep} disabled={busy} /> : <p className="text-sm text-slate-600">Write the route as a Kubernetes Ingress. Completion and docs: Ctrl+Space; hover a field for help.</p>}
          <EditModeTabs mode={mode} onChange={switchMode} />
        </div>

        {conflict ? (
          <div role="alert" className="flex flex-wrap items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <div className="grow">
              <p className="font-semibold">Someone else changed this route while you were editing.</p>
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
            aria-labelledby="wizard-step-heading"
            onSubmit={(e) => {
              e.preventDefault();
              void next();
            }}
            className="rounded-lg border border-slate-200 bg-slate-50/50 p-5"
          >
            <h2 id="wizard-step-heading" ref={headingRef} tabIndex={-1} className="mb-4 text-lg font-semibold outline-none">
              Step {step + 1} of {STEPS.length}: {STEPS[step]}
            </h2>
            {step === 0 ? <StepBasic nameStatus={nameStatus} editing={!!editingName} autoFocusName={focusName} /> : null}
            {step === 1 ? (
              <StepRules project={project} services={services.items} secrets={secrets.items} reloadSecrets={secrets.reload} />
            ) : null}
            {step === 2 ? <StepAnnotations /> : null}
            {step === 3 ? <StepLabels /> : null}
            {step === 1 && services.error ? <p className="mt-2 text-sm text-red-700">Could not load services: {services.error}</p> : null}
            <div className="mt-6 flex items-center gap-2 border-t border-slate-200 pt-4">
              <Button onClick={() => goToStep(step - 1)} disabled={step === 0 || busy}>
                Back
              </Button>
              <Button type="submit" variant="primary" disabled={busy || conflict}>
                {step < STEPS.length - 1 ? 'Next' : submitLabel}
              </Button>
              {editingName && step < STEPS.length - 1 ? (
                // Editing: every step is already valid, so saving from any step is offered.
                <Button variant="primary" disabled={busy || conflict} onClick={() => void create()}>
                  {submitLabel}
                </Button>
              ) : null}
              <Button variant="ghost" onClick={() => router.push(cancelHref)}>
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
              schema={ingressEditorSchema()}
              name={editingName ? 'edit-route' : 'new-route'}
              fieldErrors={[...(check?.causes ?? []), ...(serverErrors?.fields ?? [])]}
              ariaLabel={`Route ${mode.toUpperCase()}`}
              height="60vh"
            />
            <div className="flex items-center gap-3">
              <Button variant="primary" onClick={() => void create()} disabled={busy || conflict || !!textDisabledReason} aria-describedby={textDisabledReason ? 'create-disabled-reason' : undefined}>
                {submitLabel}
              </Button>
              <Button variant="ghost" onClick={() => router.push(cancelHref)}>
                Cancel
              </Button>
              {textDisabledReason ? (
                <p id="create-disabled-reason" role="status" className="flex items-center gap-1.5 text-sm text-red-700">
                  <AlertCircle className="h-4 w-4" aria-hidden /> {editingName ? 'Save' : 'Create'} is disabled: {textDisabledReason}
                </p>
              ) : null}
            </div>
          </div>
        )}
      </div>
    </FormProvider>
  );
}

'use client';
/**
 * The route creation wizard: four validated steps (Basic info, Rules, Annotations, Labels)
 * and, at any step, a Form | YAML | JSON switch that never loses a field.
 *
 * State: `base` is the full Ingress object the form edits (unknown fields live there); the
 * form holds only what it shows. Form -> text serializes formToIngress(form, base); text ->
 * form parses the text, makes it the new base and resets the form from it. Invalid text never
 * overwrites the form: switching away from it is refused with the reason.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { FormProvider, useForm, type FieldPath } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { toast } from 'sonner';
import { AlertCircle } from 'lucide-react';
import { emptyRule, formToIngress, ingressToForm, newIngressBase, type IngressForm } from '@/lib/forms/ingress-form';
import { makeIngressFormSchema, STEP_FIELDS } from '@/lib/forms/ingress-form-schema';
import { k8sFieldToFormField, stepOfFormField } from '@/lib/forms/field-paths';
import { isSnippetAnnotation, SUPPORTED_ANNOTATIONS } from '@/lib/routing/annotations';
import { createRouteAction } from '@/server/actions/routes';
import type { ActionResult, FieldError as ServerFieldError } from '@/lib/console/action-result';
import { CodeEditor, manifestToText, type EditorFieldError, type ManifestLanguage } from '@/components/editor';
import { Button } from '@/components/common/button';
import { Stepper, STEPS } from './stepper';
import { StepBasic } from './step-basic';
import { StepRules } from './step-rules';
import { StepAnnotations } from './step-annotations';
import { StepLabels } from './step-labels';
import { useServices, useTlsSecrets } from '@/components/common/use-project-data';
import { checkName, useNameCheck } from './use-name-check';
import { useRecheckErrors } from '@/components/common/use-recheck-errors';
import { EditModeTabs, ServerErrors, type EditMode } from '@/components/common/edit-mode';
import { ingressEditorSchema, validateManifestText, type ManifestCheck } from '@/components/common/manifest-check';

export type { EditMode };

const schema = makeIngressFormSchema({ annotations: SUPPORTED_ANNOTATIONS, isRefusedAnnotation: isSnippetAnnotation });

interface Props {
  project: string;
  initialMode?: EditMode;
}

export function RouteWizard({ project, initialMode = 'form' }: Props) {
  const router = useRouter();
  const [base, setBase] = useState<Record<string, unknown>>(() => newIngressBase(project));
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<EditMode>(initialMode);
  const [text, setText] = useState(() => (initialMode === 'form' ? '' : manifestToText(newIngressBase(project), initialMode)));
  const [serverErrors, setServerErrors] = useState<{ message: string; fields: EditorFieldError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const form = useForm<IngressForm>({
    resolver: zodResolver(schema),
    // A new route starts with one rule to fill in (the common case); remove it for a default-backend-only route.
    defaultValues: { ...ingressToForm(newIngressBase(project)), rules: [emptyRule()] },
    mode: 'onTouched',
  });
  const services = useServices(project);
  const secrets = useTlsSecrets(project);
  const nameStatus = useNameCheck(project, form.watch('name'));

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
    if (mode === 'form') {
      const values = form.getValues();
      let firstStep = Infinity;
      for (const fe of r.fieldErrors) {
        const f = k8sFieldToFormField(fe.field, values, manifest);
        if (f) {
          form.setError(f as FieldPath<IngressForm>, { type: 'server', message: fe.message });
          firstStep = Math.min(firstStep, stepOfFormField(f));
        } else unmatched.push(fe);
      }
      if (firstStep !== Infinity) setStep(firstStep);
    }
    setServerErrors({ message: r.message, fields: mode === 'form' ? unmatched : r.fieldErrors });
    toast.error(`The route was not created: ${r.message}`);
  };

  const create = async () => {
    let manifest: Record<string, unknown>;
    if (mode === 'form') {
      if (!(await form.trigger())) {
        const errs = Object.keys(form.formState.errors);
        if (errs.length) setStep(Math.min(...errs.map(stepOfFormField)));
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
    if (step === 0) {
      const status = await checkName(project, form.getValues('name'));
      if (status.state === 'taken') {
        form.setError('name', { type: 'server', message: status.message }, { shouldFocus: true });
        return;
      }
    }
    if (step < STEPS.length - 1) setStep(step + 1);
    else await create();
  };

  const textDisabledReason = mode !== 'form' ? check?.reason : undefined;

  return (
    <FormProvider {...form}>
      {/* data-ready: set once React is attached, so tests don't type into a not-yet-hydrated form */}
      <div className="space-y-4" data-testid="route-wizard" data-ready={hydrated ? 'true' : 'false'}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          {mode === 'form' ? <Stepper current={step} onGo={setStep} disabled={busy} /> : <p className="text-sm text-slate-600">Write the route as a Kubernetes Ingress. Completion and docs: Ctrl+Space; hover a field for help.</p>}
          <EditModeTabs mode={mode} onChange={switchMode} />
        </div>

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
            {step === 0 ? <StepBasic nameStatus={nameStatus} /> : null}
            {step === 1 ? (
              <StepRules project={project} services={services.items} secrets={secrets.items} reloadSecrets={secrets.reload} />
            ) : null}
            {step === 2 ? <StepAnnotations /> : null}
            {step === 3 ? <StepLabels /> : null}
            {step === 1 && services.error ? <p className="mt-2 text-sm text-red-700">Could not load services: {services.error}</p> : null}
            <div className="mt-6 flex items-center gap-2 border-t border-slate-200 pt-4">
              <Button onClick={() => setStep(step - 1)} disabled={step === 0 || busy}>
                Back
              </Button>
              <Button type="submit" variant="primary" disabled={busy}>
                {step < STEPS.length - 1 ? 'Next' : busy ? 'Creating…' : 'Create'}
              </Button>
              <Button variant="ghost" onClick={() => router.push(`/projects/${encodeURIComponent(project)}/routes`)}>
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
              name="new-route"
              fieldErrors={[...(check?.causes ?? []), ...(serverErrors?.fields ?? [])]}
              ariaLabel={`Route ${mode.toUpperCase()}`}
              height="60vh"
            />
            <div className="flex items-center gap-3">
              <Button variant="primary" onClick={() => void create()} disabled={busy || !!textDisabledReason} aria-describedby={textDisabledReason ? 'create-disabled-reason' : undefined}>
                {busy ? 'Creating…' : 'Create'}
              </Button>
              <Button variant="ghost" onClick={() => router.push(`/projects/${encodeURIComponent(project)}/routes`)}>
                Cancel
              </Button>
              {textDisabledReason ? (
                <p id="create-disabled-reason" role="status" className="flex items-center gap-1.5 text-sm text-red-700">
                  <AlertCircle className="h-4 w-4" aria-hidden /> Create is disabled: {textDisabledReason}
                </p>
              ) : null}
            </div>
          </div>
        )}
      </div>
    </FormProvider>
  );
}

'use client';
import { AlertTriangle, Pencil, RotateCcw } from 'lucide-react';
import { useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useCan } from '@/components/auth/permissions';
import { applyOverStatusChanges, rebaseEdits, userContent } from './rebase-edits';
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { CodeEditor, DiffEditor, type EditorSchema } from '../editor';
import { manifestToText, parseManifest, type ManifestLanguage } from '../editor/manifest-text';
import { Button } from './button';


/** What the editor shows: the object without server bookkeeping nobody edits by hand. */
export function editableView<T extends Manifest>(obj: T): T {
  const { managedFields: _m, ...metadata } = obj.metadata ?? {}; // eslint-disable-line @typescript-eslint/no-unused-vars
  return { ...obj, metadata };
}

type Mode = 'view' | 'edit' | 'review' | 'conflict';

/**
 * View / edit / diff-before-save / apply for one object. A 409 on apply switches to a
 * conflict view: the latest server version on the left, your edits on the right, and
 * applying from there sends your edits on top of the latest resourceVersion.
 */
export function ManifestYamlTab({
  object,
  kindLabel,
  schema,
  check,
  apply,
  reload,
  updateResource,
}: {
  object: Manifest;
  kindLabel: string;
  schema?: EditorSchema;
  /** Local validation of the edited text: a reason disables Apply. */
  check?: (text: string, language: ManifestLanguage) => { reason?: string; causes: { field: string; message: string }[] };
  apply: (manifest: Manifest) => Promise<ActionResult<Manifest>>;
  reload: () => Promise<Manifest | undefined>;
  /** Permission resource (`plural.group`) whose `update` the Edit button needs; viewers get none. */
  updateResource: string;
}) {
  const canUpdate = useCan('update', updateResource);
  const [language, setLanguage] = useState<ManifestLanguage>('yaml');
  const [mode, setMode] = useState<Mode>('view');
  const [base, setBase] = useState<Manifest>(object);
  const [draft, setDraft] = useState<string>('');
  const [serverErrors, setServerErrors] = useState<{ field: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);

  // While viewing, follow the live object; while editing, keep the version the edit started from.
  const shown = mode === 'view' ? object : base;
  const original = useMemo(() => manifestToText(editableView(shown), language), [shown, language]);
  const local = useMemo(() => (mode === 'view' ? undefined : check?.(draft, language)), [check, draft, language, mode]);
  const parsed = useMemo(() => (mode === 'view' ? undefined : parseManifest(draft, language)), [draft, language, mode]);
  const reason = parsed && !parsed.ok ? parsed.problems[0]?.message : local?.reason;
  // The gateway writes status after most changes: a newer version that differs from the one
  // being edited only there is no conflict (applyOverStatusChanges saves on top of it); say so.
  const statusMoved = useMemo(
    () => mode !== 'view' && object.metadata?.resourceVersion !== base.metadata?.resourceVersion && userContent(object) === userContent(base),
    [mode, object, base],
  );

  const startEdit = () => {
    setBase(object);
    setDraft(manifestToText(editableView(object), language));
    setServerErrors([]);
    setMode('edit');
  };
  const switchLanguage = (next: ManifestLanguage) => {
    if (next === language) return;
    if (mode !== 'view') {
      const p = parseManifest(draft, language);
      if (!p.ok) {
        toast.error(`Fix the ${language.toUpperCase()} before switching: ${p.problems[0]?.message}`);
        return;
      }
      setDraft(manifestToText(p.value, next));
    }
    setLanguage(next);
  };
  const doApply = async () => {
    if (!parsed?.ok) return;
    setBusy(true);
    const parsedManifest = parsed.value as Manifest;
    const manifest: Manifest =
      mode === 'conflict'
        ? { ...parsedManifest, metadata: { ...parsedManifest.metadata, resourceVersion: base.metadata?.resourceVersion } }
        : parsedManifest;
    const r = await applyOverStatusChanges(manifest, mode === 'conflict' ? undefined : base, apply, reload).finally(() => setBusy(false));
    if (r.ok) {
      toast.success(`${kindLabel} ${object.metadata?.name} updated`);
      setMode('view');
      setServerErrors([]);
      return;
    }
    if (r.status === 409) {
      setMode('conflict');
      setServerErrors([]);
      return;
    }
    setServerErrors(r.fieldErrors);
    setMode('edit');
    toast.error(r.message);
  };
  const reloadKeepingEdits = async () => {
    setBusy(true);
    const latest = await reload().finally(() => setBusy(false));
    if (!latest) {
      toast.error(`${kindLabel} no longer exists`);
      return;
    }
    setBase(latest);
    // Carry the edits onto the latest version: replay what you changed (base -> yours) on top
    // of theirs, so their changes survive unless you edited the same field.
    const p = parseManifest(draft, language);
    if (p.ok) setDraft(manifestToText(rebaseEdits(editableView(base), p.value as Manifest, editableView(latest)), language));
    setMode('review');
    toast.message('Loaded the latest version. Your edits are on the right: review and apply again.');
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div role="radiogroup" aria-label="Format" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
          {(['yaml', 'json'] as const).map((l) => (
            <button
              key={l}
              role="radio"
              aria-checked={language === l}
              onClick={() => switchLanguage(l)}
              className={`rounded px-2.5 py-1 text-xs font-medium ${language === l ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </div>
        <div className="ml-auto flex gap-2">
          {mode === 'view' && canUpdate && (
            <Button onClick={startEdit}>
              <Pencil className="h-4 w-4" aria-hidden /> Edit {kindLabel.toLowerCase()}
            </Button>
          )}
          {mode === 'edit' && (
            <>
              <Button onClick={() => setMode('view')}>Cancel</Button>
              <Button variant="primary" disabled={!!reason} title={reason} onClick={() => setMode('review')}>
                Review changes
              </Button>
            </>
          )}
          {(mode === 'review' || mode === 'conflict') && (
            <>
              <Button onClick={() => setMode('edit')}>Back to editing</Button>
              {mode === 'conflict' && (
                <Button onClick={reloadKeepingEdits} disabled={busy}>
                  <RotateCcw className="h-4 w-4" aria-hidden /> Reload and keep my edits
                </Button>
              )}
              <Button variant="primary" disabled={busy || !!reason || mode === 'conflict'} onClick={doApply}>
                {busy ? 'Applying…' : 'Apply'}
              </Button>
            </>
          )}
        </div>
      </div>

      {reason && mode !== 'view' && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Cannot apply: {reason}
        </p>
      )}
      {(mode === 'edit' || mode === 'review') && statusMoved && (
        <p role="status" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
          The cluster updated this {kindLabel.toLowerCase()}&apos;s status since you started editing; nothing you can edit changed, so your edits apply on top.
        </p>
      )}
      {mode === 'conflict' && (
        <div role="alert" className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <div>
            <p className="font-semibold">Someone else changed this {kindLabel.toLowerCase()} while you were editing.</p>
            <p>Your edits were not saved. Reload the latest version: your edits are kept and shown as a diff against it.</p>
          </div>
        </div>
      )}
      {serverErrors.length > 0 && (
        <ul role="alert" aria-label="Server errors" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {serverErrors.map((e, i) => (
            <li key={i}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}

      {mode === 'view' && <CodeEditor key={`view-${language}`} name="detail-view" language={language} value={original} readOnly schema={schema} ariaLabel={`${kindLabel} ${language.toUpperCase()}`} height={520} />}
      {mode === 'edit' && (
        <CodeEditor
          key={`edit-${language}`}
          name="detail-edit"
          language={language}
          value={draft}
          onChange={setDraft}
          schema={schema}
          fieldErrors={[...(local?.causes ?? []), ...serverErrors]}
          ariaLabel={`Edit ${kindLabel} ${language.toUpperCase()}`}
          height={520}
        />
      )}
      {(mode === 'review' || mode === 'conflict') && (
        <div>
          <p className="mb-1 flex justify-between text-xs text-slate-500">
            <span>{mode === 'conflict' ? 'Version you started from' : `Current (resourceVersion ${base.metadata?.resourceVersion})`}</span>
            <span>Your edits</span>
          </p>
          <DiffEditor key={`diff-${mode}-${language}-${base.metadata?.resourceVersion}`} name="detail-diff" language={language} original={manifestToText(editableView(base), language)} modified={draft} onModifiedChange={setDraft} schema={schema} ariaLabel="Changes to apply" height={520} />
        </div>
      )}
    </div>
  );
}

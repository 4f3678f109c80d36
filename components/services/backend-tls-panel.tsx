'use client';
/**
 * The Service page's BackendTLSPolicy panel: the policies that target this Service, each with its
 * status per ancestor (what the gateway found when it used it), and a form to create or edit one
 * (CA from a ConfigMap/Secret of the project with ca.crt, or the System CAs; hostname;
 * subjectAltNames). Reads and writes are server actions as the signed-in user.
 */
import { useCallback, useEffect, useState } from 'react';
import { Controller, FormProvider, useFieldArray, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { toast } from 'sonner';
import { Plus } from 'lucide-react';
import {
  backendTlsFieldToFormField,
  backendTlsFormSchema,
  backendTlsToForm,
  CA_SOURCES,
  emptyBackendTlsForm,
  formToBackendTls,
  newBackendTlsBase,
  type BackendTlsForm,
} from '@/lib/forms/backendtlspolicy-form';
import {
  createBackendTlsPolicyAction,
  deleteBackendTlsPolicyAction,
  listBackendTlsPoliciesAction,
  listCaSourcesAction,
  replaceBackendTlsPolicyAction,
} from '@/server/actions/backend-tls-policies';
import type { BackendTlsData, BackendTlsRow } from '@/server/queries/backend-tls-policies';
import { Card } from '../common/card';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { Select } from '../common/controls';
import { RemoveButton, Text } from '../gateway-routes/route-form-parts';

function PolicyForm({ project, service, editing, onDone }: { project: string; service: string; editing?: BackendTlsRow; onDone: () => void }) {
  const form = useForm<BackendTlsForm>({ defaultValues: editing ? backendTlsToForm(editing.object) : emptyBackendTlsForm(service), mode: 'onTouched' });
  const sans = useFieldArray({ control: form.control, name: 'sans' });
  const source = useWatch({ control: form.control, name: 'caSource' });
  const [cas, setCas] = useState<{ configMaps: string[]; secrets: string[] }>({ configMaps: [], secrets: [] });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    void listCaSourcesAction(project).then((r) => r.ok && setCas(r.value));
  }, [project]);

  // Checked here with the schema (not through handleSubmit: in the Service page's production build
  // its submit never reached either callback; see the report), errors placed on their fields.
  const submit = async () => {
    form.clearErrors();
    const values = form.getValues();
    const parsed = backendTlsFormSchema.safeParse(values);
    if (!parsed.success) {
      for (const i of parsed.error.issues) form.setError(i.path.join('.') as FieldPath<BackendTlsForm>, { type: 'schema', message: i.message });
      setProblem(`Check ${[...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ')}`);
      return;
    }
    setBusy(true);
    setProblem('');
    try {
      const manifest = formToBackendTls(values, editing?.object ?? newBackendTlsBase(project, service));
      const r = editing ? await replaceBackendTlsPolicyAction(project, editing.name, manifest) : await createBackendTlsPolicyAction(project, manifest);
      if (!r.ok) {
        for (const fe of r.fieldErrors) {
          const f = backendTlsFieldToFormField(fe.field);
          if (f) form.setError(f as FieldPath<BackendTlsForm>, { type: 'server', message: fe.message });
        }
        setProblem(r.message);
        toast.error(`The BackendTLSPolicy was not saved: ${r.message}`);
        return;
      }
      toast.success(`BackendTLSPolicy ${values.name} ${editing ? 'saved' : 'created'}`);
      onDone();
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const caNames = source === 'Secret' ? cas.secrets : cas.configMaps;
  return (
    <FormProvider {...form}>
      <form noValidate aria-label={editing ? `Edit BackendTLSPolicy ${editing.name}` : 'New BackendTLSPolicy'} onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }} className="grid gap-3 rounded-md border border-slate-200 bg-slate-50/50 p-4">
        <div className="grid max-w-2xl grid-cols-2 items-start gap-3">
          <Text name="name" label="Policy name" readOnly={!!editing} />
          <Text name="hostname" label="Backend hostname" placeholder="api.internal.example" hint="The name the backend's certificate must carry; also sent as SNI." />
          <Controller
            control={form.control}
            name="caSource"
            render={({ field }) => (
              <Select
                label="Trusted CA"
                value={field.value}
                onChange={(v) => {
                  field.onChange(v);
                  form.setValue('caName', '');
                }}
                options={CA_SOURCES.map((s) => ({ value: s, label: s === 'System' ? 'System CAs (well-known)' : `${s} of this project (ca.crt)` }))}
              />
            )}
          />
          {source !== 'System' ? (
            <Controller
              control={form.control}
              name="caName"
              render={({ field, fieldState }) => (
                <Select label={`CA ${source}`} value={field.value} onChange={field.onChange} placeholder={caNames.length ? `Choose a ${source}` : `No ${source} with ca.crt`} options={caNames.map((n) => ({ value: n, label: n }))} error={fieldState.error?.message} />
              )}
            />
          ) : null}
        </div>
        <fieldset className="grid max-w-2xl gap-2">
          <legend className="text-sm font-medium text-slate-700">Subject alternative names</legend>
          <p className="text-xs text-slate-500">Optional: the certificate must carry one of these (a hostname, or a URI such as spiffe://cluster/ns/demo/sa/api) instead of the hostname.</p>
          {sans.fields.map((f, i) => (
            <div key={f.id} className="grid grid-cols-[1fr_auto] items-start gap-2">
              <Text name={`sans.${i}.value`} label={`Subject alternative name ${i + 1}`} />
              <RemoveButton label={`Remove subject alternative name ${i + 1}`} onClick={() => sans.remove(i)} />
            </div>
          ))}
          <div>
            <Button variant="ghost" onClick={() => sans.append({ value: '' })} disabled={sans.fields.length >= 5}>
              <Plus className="h-4 w-4" aria-hidden /> Add subject alternative name
            </Button>
          </div>
        </fieldset>
        {problem ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {problem}
          </p>
        ) : null}
        <div className="flex gap-2">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save policy' : 'Create policy'}
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

function Conditions({ conditions }: { conditions: BackendTlsRow['ancestors'][number]['conditions'] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {conditions.map((c) => (
        <Badge key={c.type} tone={c.status === 'True' ? 'green' : 'amber'} title={c.message}>
          {c.type}
          {c.status === 'True' ? '' : `: ${c.reason ?? c.status}`}
        </Badge>
      ))}
    </span>
  );
}

export function BackendTlsPanel({ project, service }: { project: string; service: string }) {
  const [data, setData] = useState<BackendTlsData | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<BackendTlsRow | 'new' | null>(null);
  const load = useCallback(() => {
    void listBackendTlsPoliciesAction(project, service).then((r) => (r.ok ? (setData(r.value), setError('')) : setError(r.message)));
  }, [project, service]);
  useEffect(load, [load]);

  const remove = async (name: string) => {
    const r = await deleteBackendTlsPolicyAction(project, name);
    if (r.ok) toast.success(`BackendTLSPolicy ${name} deleted`);
    else toast.error(r.message);
    load();
  };

  if (data && !data.served) return null;
  return (
    <Card
      title="Backend TLS"
      aria-label="Backend TLS policies"
      actions={
        editing === null ? (
          <Button onClick={() => setEditing('new')}>
            <Plus className="h-4 w-4" aria-hidden /> Add BackendTLSPolicy
          </Button>
        ) : null
      }
    >
      <div className="grid gap-3">
        <p className="text-xs text-slate-500">How the gateway verifies this Service&apos;s certificate when it connects with TLS (BackendTLSPolicy).</p>
        {error ? <p className="text-sm text-red-700">Could not load the policies: {error}</p> : null}
        {data && data.rows.length === 0 && editing === null ? <p className="text-sm text-slate-600">No BackendTLSPolicy targets this Service.</p> : null}
        {data?.rows.map((p) => (
          <div key={p.name} role="group" aria-label={`BackendTLSPolicy ${p.name}`} className="rounded-md border border-slate-200 p-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p>
                <span className="font-medium">{p.name}</span>: hostname {p.hostname}, CA {p.ca}
                {p.sans.length ? `, SANs ${p.sans.join(', ')}` : ''}
              </p>
              <div className="flex gap-1">
                <Button variant="ghost" onClick={() => setEditing(p)}>
                  Edit
                </Button>
                <Button variant="ghost" onClick={() => void remove(p.name)}>
                  Delete
                </Button>
              </div>
            </div>
            {p.ancestors.length === 0 ? (
              <p className="mt-1 text-xs text-slate-500">No status yet: no gateway has used it (a route must send traffic to this Service).</p>
            ) : (
              <ul className="mt-1 grid gap-1">
                {p.ancestors.map((a) => (
                  <li key={a.ref} className="flex flex-wrap items-center gap-2 text-xs">
                    <span>{a.ref}</span> <Conditions conditions={a.conditions} />
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
        {editing !== null ? (
          <PolicyForm
            key={editing === 'new' ? 'new' : editing.name}
            project={project}
            service={service}
            editing={editing === 'new' ? undefined : editing}
            onDone={() => {
              setEditing(null);
              load();
            }}
          />
        ) : null}
      </div>
    </Card>
  );
}

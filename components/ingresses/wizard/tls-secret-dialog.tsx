'use client';
import { useState, type ChangeEvent } from 'react';
import { Dialog } from 'radix-ui';
import { toast } from 'sonner';
import { X } from 'lucide-react';
import { createTlsSecretAction } from '@/server/actions/tls';
import { FieldError, TextField } from '@/components/common/controls';
import { Button } from '@/components/common/button';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  project: string;
  /** The rule's host: the certificate must cover it. */
  host: string;
  onCreated: (name: string) => void;
}

function PemField({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) onChange(await file.text());
  };
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        <label className="cursor-pointer text-xs text-indigo-700 focus-within:ring-2 focus-within:ring-indigo-400 hover:underline">
          Upload file…
          <input type="file" accept=".pem,.crt,.key,.cer,text/plain" className="sr-only" aria-label={`Upload ${label.toLowerCase()} file`} onChange={readFile} />
        </label>
      </div>
      <textarea
        id={id}
        rows={6}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="-----BEGIN …-----"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="w-full rounded-md border border-slate-300 px-3 py-1.5 font-mono text-xs outline-none focus:border-indigo-600 focus:ring-2 focus:ring-indigo-200"
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Creates a kubernetes.io/tls Secret from a pasted or uploaded certificate and key. */
export function TlsSecretDialog({ open, onOpenChange, project, host, onCreated }: Props) {
  const [name, setName] = useState('');
  const [certificate, setCertificate] = useState('');
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setErrors({});
    try {
      const r = await createTlsSecretAction(project, { name: name.trim(), certificate, key }, { hosts: host ? [host] : [] });
      if (!r.ok) {
        const byField: Record<string, string> = {};
        for (const fe of r.fieldErrors) {
          const f = fe.field.includes('name') ? 'name' : fe.field.includes('key') ? 'key' : fe.field.includes('cert') ? 'certificate' : 'form';
          byField[f] ??= fe.message;
        }
        if (Object.keys(byField).length === 0) byField.form = r.message;
        setErrors(byField);
        return;
      }
      toast.success(`TLS secret ${r.value.name} created`);
      onCreated(r.value.name);
      onOpenChange(false);
      setName('');
      setCertificate('');
      setKey('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[40rem] max-w-[95vw] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
          <div className="flex items-start justify-between">
            <Dialog.Title className="text-base font-semibold">Create a TLS secret</Dialog.Title>
            <Dialog.Close aria-label="Close" className="rounded p-1 text-slate-500 hover:bg-slate-100">
              <X className="h-4 w-4" aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Paste or upload a PEM certificate and its private key. They must match{host ? <>, and the certificate must cover <b>{host}</b></> : null}.
          </Dialog.Description>
          <form
            className="mt-4 grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              // React bubbles submit through the portal to the wizard's form: stop it here.
              e.stopPropagation();
              void submit();
            }}
          >
            <TextField label="Secret name" value={name} onChange={(e) => setName(e.target.value)} placeholder="my-route-tls" autoComplete="off" error={errors.name} />
            <PemField id="tls-certificate" label="Certificate" value={certificate} onChange={setCertificate} error={errors.certificate} />
            <PemField id="tls-key" label="Private key" value={key} onChange={setKey} error={errors.key} />
            <FieldError id="tls-form-error" message={errors.form} />
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button>Cancel</Button>
              </Dialog.Close>
              <Button type="submit" variant="primary" disabled={busy}>
                {busy ? 'Creating…' : 'Create secret'}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

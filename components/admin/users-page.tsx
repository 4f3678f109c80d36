'use client';
/**
 * The Users page (platform admins): accounts in a DataTable, and the actions on them. Every
 * action is a server action that checks the caller again and ends the account's sessions.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus, ShieldCheck, ShieldOff, Trash2, UserCheck, UserX } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { createUserSchema, optionalPasswordSchema, type CreateUserInput } from '@/lib/console/admin-input';
import type { ActionResult } from '@/lib/console/action-result';
import { Badge } from '@/components/common/badge';
import { Button } from '@/components/common/button';
import { ErrorState } from '@/components/common/card';
import { ConfirmDialog } from '@/components/common/confirm-dialog';
import { TextField } from '@/components/common/controls';
import { DataTable, type Column } from '@/components/common/data-table';
import { qk } from '@/components/live/query-keys';
import { useApiQuery } from '@/components/live/use-api-query';
import { createUserAction, deleteUserAction, resetPasswordAction, setUserAdminAction, setUserDisabledAction } from '@/server/admin/users';
import type { UserRow } from '@/server/admin/users-read';
import { Modal } from './modal';
import { PasswordReveal } from './password-reveal';

type Shown = { username: string; password: string } | undefined;

function CreateUserDialog({ onCreated }: { onCreated: (s: Shown) => void }) {
  const [open, setOpen] = useState(false);
  const form = useForm<CreateUserInput>({ resolver: zodResolver(createUserSchema), defaultValues: { username: '', password: '', admin: false } });
  const { register, handleSubmit, formState, setError, reset } = form;
  const submit = handleSubmit(async (v) => {
    const r = await createUserAction(v);
    if (!r.ok) {
      for (const f of r.fieldErrors) setError(f.field as 'username' | 'password', { message: f.message });
      if (!r.fieldErrors.length) setError('username', { message: r.message });
      return;
    }
    setOpen(false);
    reset();
    toast.success(`Account ${r.value.username} created`);
    onCreated({ username: r.value.username, password: r.value.password });
  });
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> Create user
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Create user" description="Leave the password empty to generate one; it is shown once.">
        <form onSubmit={submit} className="space-y-3" noValidate>
          <TextField label="Username" autoComplete="off" error={formState.errors.username?.message} {...register('username')} />
          <TextField label="Initial password" type="password" autoComplete="new-password" hint="At least 12 characters, or empty to generate" error={formState.errors.password?.message} {...register('password')} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" {...register('admin')} /> Platform admin (portico:admins)
          </label>
          <div className="flex justify-end gap-2 pt-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={formState.isSubmitting}>
              Create
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}

function ResetPasswordDialog({ username, onReset }: { username: string; onReset: (s: Shown) => void }) {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setErr] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const check = optionalPasswordSchema.safeParse(password);
    if (!check.success) return setErr(check.error.issues[0]?.message);
    setBusy(true);
    const r = await resetPasswordAction(username, password);
    setBusy(false);
    if (!r.ok) return setErr(r.message);
    setOpen(false);
    setPassword('');
    toast.success(`Password of ${username} reset; their sessions have ended`);
    onReset({ username, password: r.value.password });
  };
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Reset password of ${username}`}>
        <KeyRound className="h-3.5 w-3.5" aria-hidden /> Reset
      </Button>
      <Modal open={open} onOpenChange={setOpen} title={`Reset password of ${username}`} description="Their sessions end at once. Leave empty to generate a password (shown once).">
        <form onSubmit={submit} className="space-y-3" noValidate>
          <TextField label="New password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={error} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={busy}>
              Reset password
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}

export function UsersPage({ me, seed }: { me: string; seed?: UserRow[] }) {
  const qc = useQueryClient();
  const q = useApiQuery<UserRow[]>(qk.users(), seed);
  const [shown, setShown] = useState<Shown>();
  const refresh = () => qc.invalidateQueries({ queryKey: qk.users() });
  const run = async (p: Promise<ActionResult<unknown>>, done: string) => {
    const r = await p;
    if (r.ok) toast.success(done);
    else toast.error(r.message);
    await refresh();
    return r.ok;
  };
  const columns: Column<UserRow>[] = [
    { id: 'username', header: 'Username', cell: (u) => <span className="font-medium">{u.username}</span> },
    {
      id: 'status',
      header: 'Status',
      cell: (u) => (
        <span className="flex gap-1">
          {u.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
          {u.admin ? <Badge tone="blue">platform admin</Badge> : null}
        </span>
      ),
    },
    { id: 'created', header: 'Created', cell: (u) => (u.created ? new Date(u.created).toLocaleString() : '—'), className: 'text-xs text-slate-600' },
    {
      id: 'actions',
      header: 'Actions',
      srOnlyHeader: true,
      cell: (u) => (
        <div className="flex flex-wrap justify-end gap-1">
          <ResetPasswordDialog username={u.username} onReset={setShown} />
          {u.username !== me ? (
            <>
              <Button size="sm" variant="ghost" onClick={() => run(setUserAdminAction(u.username, !u.admin), u.admin ? `${u.username} is no longer a platform admin` : `${u.username} is now a platform admin`)}>
                {u.admin ? <ShieldOff className="h-3.5 w-3.5" aria-hidden /> : <ShieldCheck className="h-3.5 w-3.5" aria-hidden />}
                {u.admin ? 'Remove admin' : 'Make admin'}
                <span className="sr-only"> {u.username}</span>
              </Button>
              <Button size="sm" variant="ghost" onClick={() => run(setUserDisabledAction(u.username, !u.disabled), u.disabled ? `${u.username} enabled` : `${u.username} disabled; their sessions have ended`)}>
                {u.disabled ? <UserCheck className="h-3.5 w-3.5" aria-hidden /> : <UserX className="h-3.5 w-3.5" aria-hidden />}
                {u.disabled ? 'Enable' : 'Disable'}
                <span className="sr-only"> {u.username}</span>
              </Button>
              <ConfirmDialog
                title={`Delete user ${u.username}?`}
                confirmLabel={`Delete ${u.username}`}
                onConfirm={() => run(deleteUserAction(u.username), `${u.username} deleted`)}
                trigger={
                  <Button size="sm" variant="ghost" className="text-red-700" aria-label={`Delete ${u.username}`}>
                    <Trash2 className="h-3.5 w-3.5" aria-hidden /> Delete
                  </Button>
                }
              >
                <p>
                  The account <strong>{u.username}</strong> is deleted and its sessions end at once. Its project memberships (RoleBindings) stay until a project admin removes them.
                </p>
              </ConfirmDialog>
            </>
          ) : (
            <span className="self-center px-2 text-xs text-slate-500">(you)</span>
          )}
        </div>
      ),
    },
  ];
  return (
    <section>
      <div className="mb-4 flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Users</h1>
          <p className="text-sm text-slate-600">Console accounts. Changes end the account&apos;s sessions at once.</p>
        </div>
        <CreateUserDialog onCreated={(s) => (setShown(s), void refresh())} />
      </div>
      {q.error ? <ErrorState title="Cannot read accounts" message={q.error.message} /> : <DataTable label="Users" framed columns={columns} rows={q.data ?? []} rowKey={(u) => u.username} empty="No accounts" />}
      <PasswordReveal shown={shown} onClose={() => setShown(undefined)} />
    </section>
  );
}

'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { MEMBER_ROLES, ROLE_LABELS, type MemberRole } from '@/lib/rbac/roles';
import { bindMemberAction, removeMemberAction, type Member } from '@/server/auth/members';
import { Button } from '../common/button';
import { DataTable } from '../common/data-table';

export function MembersPanel({ project, members, canBind, canRemove }: { project: string; members: Member[]; canBind: boolean; canRemove: boolean }) {
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<MemberRole>('portico:project-viewer');
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();

  const bind = () =>
    start(async () => {
      setError(undefined);
      const r = await bindMemberAction(project, username.trim(), role);
      if (!r.ok) return setError(r.message);
      toast.success(`${r.value.username} is now ${ROLE_LABELS[role].title} of ${project}`);
      setUsername('');
      router.refresh();
    });
  // roleRef is immutable: a new role is a new binding of the same name (bindMemberAction replaces it).
  const changeRole = (m: Member, next: MemberRole) =>
    start(async () => {
      const r = await bindMemberAction(project, m.username, next);
      if (!r.ok) return void toast.error(r.message);
      toast.success(`${m.username} is now ${ROLE_LABELS[next].title} of ${project}`);
      router.refresh();
    });
  const remove = (m: Member) =>
    start(async () => {
      const r = await removeMemberAction(project, m.binding);
      if (!r.ok) return void toast.error(r.message);
      toast.success(`${m.username} removed from ${project}`);
      router.refresh();
    });

  return (
    <div className="space-y-6">
      <DataTable
        label="Members"
        framed
        columns={[
          { id: 'user', header: 'User', className: 'font-medium', cell: (m) => m.username },
          {
            id: 'role',
            header: 'Role',
            cell: (m) =>
              canBind && m.binding.startsWith('portico-member-') && (MEMBER_ROLES as readonly string[]).includes(m.role) ? (
                <select
                  aria-label={`Role of ${m.username}`}
                  value={m.role}
                  disabled={pending}
                  onChange={(e) => changeRole(m, e.target.value as MemberRole)}
                  className="h-8 rounded-md border border-slate-300 px-2 text-sm"
                >
                  {MEMBER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r].title}
                    </option>
                  ))}
                </select>
              ) : (
                ROLE_LABELS[m.role as MemberRole]?.title ?? m.role
              ),
          },
          {
            id: 'actions',
            header: 'Actions',
            srOnlyHeader: true,
            className: 'text-right',
            cell: (m) =>
              canRemove && m.binding.startsWith('portico-member-') ? (
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => remove(m)} aria-label={`Remove ${m.username}`}>
                  Remove
                </Button>
              ) : null,
          },
        ]}
        rows={members}
        rowKey={(m) => `${m.binding}/${m.username}`}
        empty="No members bound through the console yet."
      />
      {canBind ? (
        <form
          aria-label="Add member"
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault();
            bind();
          }}
        >
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Username</span>
            <input value={username} onChange={(e) => setUsername(e.target.value)} required name="username" className="h-9 w-56 rounded-md border border-slate-300 px-3" />
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium text-slate-700">Role</span>
            <select value={role} onChange={(e) => setRole(e.target.value as MemberRole)} name="role" className="h-9 rounded-md border border-slate-300 px-2">
              {MEMBER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r].title}
                </option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={pending || !username.trim()}>
            Add member
          </Button>
          <p className="w-full text-xs text-slate-500">{ROLE_LABELS[role].description}</p>
          {error ? (
            <p role="alert" className="w-full text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

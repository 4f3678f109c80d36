'use client';
/**
 * The Projects page: the user's projects; for platform admins also creation, deletion (with
 * a confirmation that names what goes with the project) and the system namespaces, apart.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { createProjectSchema, type CreateProjectInput } from '@/lib/console/admin-input';
import { Button } from '@/components/common/button';
import { EmptyState, ErrorState } from '@/components/common/card';
import { TextField } from '@/components/common/controls';
import { DataTable, type Column } from '@/components/common/data-table';
import { qk } from '@/components/live/query-keys';
import { useApiQuery } from '@/components/live/use-api-query';
import { createProjectAction, deleteProjectAction, projectContentsAction } from '@/server/admin/projects';
import type { ProjectContents, ProjectRow, ProjectsOverview } from '@/server/admin/projects-read';
import { Modal } from './modal';

function CreateProjectDialog({ onCreated }: { onCreated: () => void }) {
  const [open, setOpen] = useState(false);
  const { register, handleSubmit, formState, setError, reset } = useForm<CreateProjectInput>({ resolver: zodResolver(createProjectSchema), defaultValues: { name: '', alias: '', description: '', admin: '' } });
  const submit = handleSubmit(async (v) => {
    const r = await createProjectAction(v);
    if (!r.ok) {
      for (const f of r.fieldErrors) setError(f.field as keyof CreateProjectInput, { message: f.message });
      if (!r.fieldErrors.length) setError('name', { message: r.message });
      return;
    }
    reset();
    setOpen(false);
    toast.success(`Project ${r.value.name} created; ${r.value.admin} is its admin`);
    onCreated();
  });
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> Create project
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Create project" description="A project is a namespace; its admin manages its members.">
        <form onSubmit={submit} className="space-y-3" noValidate>
          <TextField label="Name" autoComplete="off" hint="The namespace name: lowercase letters, digits and -" error={formState.errors.name?.message} {...register('name')} />
          <TextField label="Display name" autoComplete="off" hint="Stored as portico.dev/alias" error={formState.errors.alias?.message} {...register('alias')} />
          <TextField label="Description" autoComplete="off" hint="Stored as portico.dev/description" error={formState.errors.description?.message} {...register('description')} />
          <TextField label="Project admin" autoComplete="off" hint="A username; empty: you" error={formState.errors.admin?.message} {...register('admin')} />
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function DeleteProjectDialog({ name, onDeleted }: { name: string; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [contents, setContents] = useState<ProjectContents | string>();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const openIt = async () => {
    setOpen(true);
    setTyped('');
    setContents(undefined);
    const r = await projectContentsAction(name);
    setContents(r.ok ? r.value : r.message);
  };
  const remove = async () => {
    setBusy(true);
    const r = await deleteProjectAction(name, typed);
    setBusy(false);
    if (!r.ok) return void toast.error(r.message);
    setOpen(false);
    toast.success(`Project ${name} deleted`);
    onDeleted();
  };
  return (
    <>
      <Button size="sm" variant="ghost" className="text-red-700" onClick={openIt} aria-label={`Delete project ${name}`}>
        <Trash2 className="h-3.5 w-3.5" aria-hidden /> Delete
      </Button>
      <Modal open={open} onOpenChange={(o) => !busy && setOpen(o)} title={`Delete project ${name}?`}>
        <div className="space-y-3 text-sm text-slate-700">
          <p>
            The namespace <strong>{name}</strong> and everything in it are deleted:
          </p>
          {contents === undefined ? (
            <p className="text-slate-500">Counting what is in it…</p>
          ) : typeof contents === 'string' ? (
            <p className="text-red-700">Cannot count its contents: {contents}</p>
          ) : (
            <ul className="list-disc pl-5" data-testid="project-contents">
              <li>{plural(contents.ingresses, 'Ingress', 'Ingresses')}</li>
              <li>{plural(contents.httproutes + contents.tcproutes, 'Gateway API route')}</li>
              <li>{plural(contents.services, 'Service')}</li>
              <li>{plural(contents.pods, 'pod')}</li>
              <li>its members (RoleBindings)</li>
            </ul>
          )}
          <TextField label={`Type ${name} to confirm`} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </Button>
            <Button variant="danger" disabled={busy || typed !== name} onClick={remove}>
              Delete {name}
            </Button>
          </div>
        </div>
      </Modal>
    </>
  );
}

export function ProjectsPage({ seed }: { seed?: ProjectsOverview }) {
  const qc = useQueryClient();
  const q = useApiQuery<ProjectsOverview>(qk.projects(), seed);
  const refresh = () => void qc.invalidateQueries({ queryKey: qk.projects(), exact: true });
  const admin = q.data?.admin ?? false;
  const columns = (system: boolean): Column<ProjectRow>[] => [
    {
      id: 'name',
      header: 'Project',
      cell: (p) => (
        <Link href={`/projects/${encodeURIComponent(p.name)}/routes`} className="font-medium text-indigo-700 hover:underline">
          {p.name}
        </Link>
      ),
    },
    { id: 'alias', header: 'Display name', cell: (p) => p.alias || '—' },
    { id: 'description', header: 'Description', cell: (p) => p.description || '—', className: 'text-slate-600' },
    ...(admin && !system ? [{ id: 'actions', header: 'Actions', srOnlyHeader: true, cell: (p: ProjectRow) => <DeleteProjectDialog name={p.name} onDeleted={refresh} /> }] : []),
  ];
  return (
    <section>
      <div className="mb-4 flex items-end justify-between">
        <div>
          <h1 className="mb-1 text-2xl font-semibold">Projects</h1>
          <p className="text-sm text-slate-600">A project is a Kubernetes namespace. Pick one to manage its routes and services.</p>
        </div>
        {admin ? <CreateProjectDialog onCreated={refresh} /> : null}
      </div>
      {q.error ? (
        <ErrorState title="Cannot reach the cluster" message={q.error.message} />
      ) : (q.data?.projects.length ?? 0) === 0 && !admin ? (
        <EmptyState title="No projects yet">You are not a member of any project. Ask a project admin to add you.</EmptyState>
      ) : (
        <DataTable label="Projects" framed columns={columns(false)} rows={q.data?.projects ?? []} rowKey={(p) => p.name} empty="No projects yet" />
      )}
      {admin && q.data?.system.length ? (
        <div className="mt-8">
          <h2 className="mb-1 text-lg font-semibold">System namespaces</h2>
          <p className="mb-3 text-sm text-slate-600">The platform&apos;s own namespaces, shown to platform admins only.</p>
          <DataTable label="System namespaces" framed columns={columns(true)} rows={q.data.system} rowKey={(p) => p.name} />
        </div>
      ) : null}
    </section>
  );
}

import { ErrorState } from '@/components/common/card';
import { MembersPanel } from '@/components/auth/members-panel';
import { projectPermissions } from '@/server/auth/access';
import { listMembersAction } from '@/server/auth/members';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ project: string }> }) {
  const { project } = await params;
  const [members, perms] = await Promise.all([listMembersAction(project), projectPermissions(project)]);
  return (
    <div className="max-w-3xl">
      <h1 className="mb-1 text-xl font-semibold">Members</h1>
      <p className="mb-5 text-sm text-slate-600">Who may work in this project, and with which role. The cluster&apos;s RBAC decides; this page writes RoleBindings.</p>
      {members.ok ? (
        <MembersPanel
          project={project}
          members={members.value}
          canBind={perms['create:rolebindings.rbac.authorization.k8s.io'] === true}
          canRemove={perms['delete:rolebindings.rbac.authorization.k8s.io'] === true}
        />
      ) : (
        <ErrorState title={members.status === 403 ? 'You cannot see the members of this project' : 'Cannot load members'} message={members.message} />
      )}
    </div>
  );
}

import { notFound } from 'next/navigation';
import { PlatformHeader } from '@/components/admin/platform-header';
import { UsersPage } from '@/components/admin/users-page';
import { platformAdminSession } from '@/server/admin/guard';
import { requireSession } from '@/server/auth/current';
import { listUsers } from '@/server/admin/users-read';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Users' };

/** Platform admins only: anyone else gets a 404 (the page does not exist for them). */
export default async function Users() {
  const session = await requireSession('/users');
  if (!(await platformAdminSession())) notFound();
  const seed = (await listUsers().catch(() => null)) ?? undefined;
  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <PlatformHeader username={session.u} admin current="users" />
      <UsersPage me={session.u} seed={seed} />
    </main>
  );
}

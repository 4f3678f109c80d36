import { NextResponse } from 'next/server';
import { listUsers } from '@/server/admin/users-read';
import { toActionError } from '@/server/kube/errors';

export const dynamic = 'force-dynamic';

/** Console accounts (no hashes): platform admins only, everyone else 403. */
export async function GET() {
  try {
    const users = await listUsers();
    if (!users) return NextResponse.json({ message: 'only platform admins may list accounts' }, { status: 403 });
    return NextResponse.json(users, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}

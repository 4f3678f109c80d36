import { NextResponse } from 'next/server';
import { listAdminGateways } from '@/server/admin/gateways-read';
import { toActionError } from '@/server/kube/errors';

export const dynamic = 'force-dynamic';

/** Every Gateway with its status, and the pickers' lists: platform admins only, everyone else 403. */
export async function GET() {
  try {
    const data = await listAdminGateways();
    if (!data) return NextResponse.json({ message: 'only platform admins may list Gateways across namespaces' }, { status: 403 });
    return NextResponse.json(data, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}

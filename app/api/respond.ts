import 'server-only';
import { NextResponse } from 'next/server';
import { toActionError } from '@/server/kube/errors';
import { objectName, projectName } from '@/server/kube/validate';

/**
 * The console's read handlers in one shape: names checked first (400 naming the field), then
 * the read as JSON; `undefined` is a 404, a Kubernetes failure keeps its status and message.
 */
export async function respondJson(names: { project?: string; name?: string }, read: () => Promise<unknown>, missing = 'not found'): Promise<Response> {
  if (names.project !== undefined && !projectName.safeParse(names.project).success) {
    return NextResponse.json({ message: `project: not a valid project name` }, { status: 400 });
  }
  if (names.name !== undefined && !objectName.safeParse(names.name).success) {
    return NextResponse.json({ message: `name: not a valid object name` }, { status: 400 });
  }
  try {
    const value = await read();
    if (value === undefined) return NextResponse.json({ message: missing }, { status: 404 });
    return NextResponse.json(value, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}

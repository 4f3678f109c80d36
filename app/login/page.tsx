import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { currentSession } from '@/server/auth/current';
import { safeNextPath } from '@/server/auth/safe-next';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const safe = safeNextPath(next);
  if (await currentSession()) redirect(safe ?? '/projects');
  return (
    <main className="grid min-h-screen place-items-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="mb-6 flex items-center gap-2">
          <span className="grid h-7 w-7 place-items-center rounded bg-indigo-600 text-sm font-bold text-white" aria-hidden>
            P
          </span>
          <h1 className="text-lg font-semibold">Sign in to Portico</h1>
        </div>
        <LoginForm next={safe} />
      </div>
    </main>
  );
}

'use client';
import { useActionState } from 'react';
import { loginAction, type LoginState } from '@/server/auth/actions';
import { Button } from '../common/button';

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={action} className="space-y-4" aria-label="Sign in">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Username</span>
        <input name="username" autoComplete="username" required autoFocus className="h-9 w-full rounded-md border border-slate-300 px-3 text-sm" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className="h-9 w-full rounded-md border border-slate-300 px-3 text-sm" />
      </label>
      {state.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

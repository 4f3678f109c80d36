import { LogOut } from 'lucide-react';
import { logoutAction } from '@/server/auth/actions';
import { ChangePasswordDialog } from './change-password-dialog';

/** The signed-in user and a sign-out button (a server action form: works without JS). */
export function UserMenu({ username }: { username: string }) {
  return (
    <div className="flex items-center gap-2">
      <span className="text-xs text-slate-300" data-testid="signed-in-user">
        {username}
      </span>
      {/* Outside the sign-out form: its own form (portaled) must not submit that one. */}
      <ChangePasswordDialog />
      <form action={logoutAction}>
        <button type="submit" className="inline-flex items-center gap-1 rounded px-2 py-1 text-xs text-slate-300 hover:bg-slate-800 hover:text-white">
          <LogOut className="h-3.5 w-3.5" aria-hidden /> Sign out
        </button>
      </form>
    </div>
  );
}

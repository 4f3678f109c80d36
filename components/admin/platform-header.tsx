import Link from 'next/link';
import { UserMenu } from '@/components/auth/user-menu';

/** The header of the platform pages (Projects, Users, Gateways): Users and Gateways only for platform admins. */
export function PlatformHeader({ username, admin, current }: { username: string; admin: boolean; current: 'projects' | 'users' | 'gateways' }) {
  const link = (href: string, label: string, active: boolean) => (
    <Link href={href} aria-current={active ? 'page' : undefined} className={active ? 'rounded px-2 py-1 text-sm font-medium text-white' : 'rounded px-2 py-1 text-sm text-slate-300 hover:text-white'}>
      {label}
    </Link>
  );
  return (
    <header className="mb-6 flex items-center gap-3 rounded bg-slate-900 px-3 py-1.5">
      <nav aria-label="Platform" className="flex items-center gap-1">
        {link('/projects', 'Projects', current === 'projects')}
        {admin ? link('/users', 'Users', current === 'users') : null}
        {admin ? link('/gateways', 'Gateways', current === 'gateways') : null}
      </nav>
      <div className="ml-auto">
        <UserMenu username={username} />
      </div>
    </header>
  );
}

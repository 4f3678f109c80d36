import Link from 'next/link';

/**
 * Shown instead of a create/edit form when the cluster says the signed-in user may not make
 * that change (a viewer who typed the address): saying so beats a form whose Save fails.
 */
export function NotAllowed({ what, backHref, backLabel }: { what: string; backHref: string; backLabel: string }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
      <p className="font-medium">You cannot {what} in this project.</p>
      <p className="mt-1">Your role in the project does not allow it. Ask a project admin for the operator role.</p>
      <Link href={backHref} className="mt-3 inline-block text-blue-700 hover:underline">
        {backLabel}
      </Link>
    </div>
  );
}

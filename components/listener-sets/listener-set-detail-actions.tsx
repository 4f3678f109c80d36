'use client';
/**
 * The ListenerSet detail page's write actions: Delete (a confirmation naming the hostnames the
 * gateway stops serving) and the YAML tab (view, edit with diff before save, 409 handling), like
 * the other detail pages. Both only for users the cluster lets delete / update ListenerSets.
 */
import { useRouter } from 'next/navigation';
import { Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { IfCan } from '@/components/auth/permissions';
import type { Manifest } from '@/lib/console/manifest';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { deleteListenerSetAction, getListenerSetAction, replaceListenerSetAction } from '@/server/actions/listener-sets';
import { Button } from '../common/button';
import { ConfirmDialog } from '../common/confirm-dialog';
import { checkManifestText, type ExpectedKind } from '../common/manifest-check';
import { ManifestYamlTab } from '../common/manifest-yaml-tab';

/** The permission key resource (`plural.group`) of ListenerSets. */
export const LISTENER_SET_PERMISSION = 'listenersets.gateway.networking.k8s.io';
const EXPECTED: ExpectedKind = { apiVersion: apiVersionOf('ListenerSet'), kind: 'ListenerSet', what: 'this page edits a ListenerSet' };

const listPath = (project: string) => `/projects/${encodeURIComponent(project)}/listenersets`;

/** Delete, with a confirmation listing each listener (name, protocol, port, hostname) that stops. */
export function DeleteListenerSet({ project, name, listeners }: { project: string; name: string; listeners: string[] }) {
  const router = useRouter();
  return (
    <IfCan verb="delete" resource={LISTENER_SET_PERMISSION}>
      <ConfirmDialog
        title={`Delete ListenerSet ${name}?`}
        confirmLabel="Delete ListenerSet"
        trigger={
          <Button variant="secondary" className="text-red-700">
            <Trash2 className="h-4 w-4" aria-hidden /> Delete
          </Button>
        }
        onConfirm={async () => {
          const r = await deleteListenerSetAction(project, name);
          if (!r.ok) {
            toast.error(r.message);
            return false;
          }
          toast.success(`ListenerSet ${name} deleted`);
          router.push(listPath(project));
          router.refresh();
          return true;
        }}
      >
        <p>
          This removes the ListenerSet <strong>{name}</strong> from project <strong>{project}</strong>. The gateway stops serving its listeners:
        </p>
        <ul className="max-h-40 list-disc overflow-auto pl-5 font-mono text-xs" aria-label="Listeners that stop">
          {listeners.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
        <p className="text-slate-500">Routes attached to it and its TLS Secrets are kept.</p>
      </ConfirmDialog>
    </IfCan>
  );
}

/** The YAML tab: the stored object; Edit (update permission) replaces it at the version the edit started from. */
export function ListenerSetYaml({ project, name, object }: { project: string; name: string; object: Manifest }) {
  const router = useRouter();
  return (
    <ManifestYamlTab
      updateResource={LISTENER_SET_PERMISSION}
      object={object}
      kindLabel="ListenerSet"
      check={(text, lang) => checkManifestText(text, lang, project, EXPECTED)}
      apply={async (m) => {
        const r = await replaceListenerSetAction(project, name, m);
        if (r.ok) router.refresh();
        return r.ok ? { ok: true, value: r.value as unknown as Manifest } : r;
      }}
      reload={async () => {
        const r = await getListenerSetAction(project, name);
        return r.ok ? (r.value as unknown as Manifest) : undefined;
      }}
    />
  );
}

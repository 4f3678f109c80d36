/**
 * What the admin Gateway editor's YAML/JSON mode checks before Save/Create: the text is one
 * Gateway that lib/k8s validates, in a namespace it names (any, for an admin; the edited one
 * when editing: a Gateway cannot move).
 */
import { checkManifestText, type ExpectedKind, type ManifestCheck } from '@/components/common/manifest-check';
import type { ManifestLanguage } from '@/components/editor/manifest-text';

const GATEWAY: ExpectedKind = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', what: 'a Gateway' };

export function checkGatewayText(text: string, language: ManifestLanguage, editingNamespace: string | undefined): ManifestCheck {
  // The project-namespace rule of the shared check does not apply to an admin's Gateway.
  const c = checkManifestText(text, language, editingNamespace ?? '', GATEWAY);
  if (!c.parsed) return c;
  const causes = c.causes.filter((x) => x.field !== 'metadata.namespace');
  const ns = (c.parsed.metadata as { namespace?: unknown } | undefined)?.namespace;
  if (typeof ns !== 'string' || ns === '') causes.unshift({ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value: the Gateway\'s namespace' });
  else if (editingNamespace !== undefined && ns !== editingNamespace) causes.unshift({ reason: 'FieldValueInvalid', field: 'metadata.namespace', message: `must be ${editingNamespace}: a Gateway cannot move` });
  const reason = causes.length ? `${causes.length} problem${causes.length > 1 ? 's' : ''}: ${causes[0].field}: ${causes[0].message}` : undefined;
  return { parsed: c.parsed, reason, causes };
}

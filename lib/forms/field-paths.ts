/**
 * Server errors carry Kubernetes field paths (`spec.rules[0].http.paths[1].backend.service.port.number`);
 * the wizard needs its own form paths (`rules.0.paths.1.port`) to mark the offending field.
 */
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '../defaults';
import type { IngressForm } from './ingress-form';

/** `a.b[0][x.y]` / `a["x"]` -> ['a','b',0,'x.y'] */
export function splitK8sPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[("?)([^\]]*?)\2\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[3]) ? Number(m[3]) : m[3]);
  }
  return out;
}

function backendField(rest: (string | number)[]): 'service' | 'port' {
  return rest.includes('port') ? 'port' : 'service';
}

/** Form field for a Kubernetes field path, or null when the form does not show that field. */
export function k8sFieldToFormField(field: string, form: IngressForm, manifest?: unknown): string | null {
  const p = splitK8sPath(field);
  if (p[0] === 'metadata') {
    if (p[1] === 'name') return 'name';
    if (p[1] === 'annotations' || p[1] === 'labels') {
      // Annotation keys contain dots; the API also writes them as metadata.annotations.key.with.dots
      const key = p.length > 2 ? p.slice(2).join('.') : undefined;
      if (p[1] === 'annotations' && key === ANNOTATION_ALIAS) return 'alias';
      if (p[1] === 'annotations' && key === ANNOTATION_DESCRIPTION) return 'description';
      const rows = p[1] === 'annotations' ? form.annotations : form.labels;
      const i = key === undefined ? -1 : rows.findIndex((r) => r.key.trim() === key);
      return i >= 0 ? `${p[1]}.${i}.value` : rows.length > 0 ? `${p[1]}.0.key` : null;
    }
    return null;
  }
  if (p[0] !== 'spec') return null;
  if (p[1] === 'rules' && typeof p[2] === 'number' && p[2] < form.rules.length) {
    const i = p[2];
    if (p[3] === 'http' && p[4] === 'paths' && typeof p[5] === 'number' && p[5] < form.rules[i].paths.length) {
      const j = p[5];
      const leaf = p[6];
      if (leaf === 'path' || leaf === 'pathType') return `rules.${i}.paths.${j}.${leaf}`;
      if (leaf === 'backend') return `rules.${i}.paths.${j}.${backendField(p.slice(7))}`;
      return `rules.${i}.paths.${j}.path`;
    }
    return `rules.${i}.host`;
  }
  if (p[1] === 'defaultBackend') return `defaultBackend.${backendField(p.slice(2))}`;
  if (p[1] === 'tls' && typeof p[2] === 'number') {
    const tls = (manifest as { spec?: { tls?: { hosts?: string[] }[] } } | undefined)?.spec?.tls?.[p[2]];
    const hosts = tls?.hosts ?? [];
    const host = typeof p[4] === 'number' ? hosts[p[4]] : undefined;
    const i = form.rules.findIndex((r) => r.protocol === 'https' && (host !== undefined ? r.host === host : hosts.includes(r.host)));
    if (i >= 0) return p[3] === 'hosts' ? `rules.${i}.host` : `rules.${i}.tlsSecret`;
  }
  return null;
}

/** The wizard step (0-3) that shows a form field. */
export function stepOfFormField(formField: string): number {
  const root = formField.split('.')[0];
  if (root === 'rules' || root === 'defaultBackend') return 1;
  if (root === 'annotations') return 2;
  if (root === 'labels') return 3;
  return 0;
}

import type { Manifest } from '@/lib/console/manifest';
import { describe, expect, it } from 'vitest';
import { formToIngress, ingressToForm } from '@/lib/forms/ingress-form';
import { applyOverStatusChanges, rebaseEdits, rebaseFromOrigin, userContent } from './rebase-edits';

describe('rebaseEdits', () => {
  const base = { metadata: { name: 'r', resourceVersion: '1', annotations: { a: '1' } }, spec: { rules: [{ host: 'a.test' }] } };
  it('keeps their changes and mine, on their resourceVersion', () => {
    const mine = { ...base, metadata: { ...base.metadata, annotations: { a: 'mine' } } };
    const latest = { ...base, metadata: { ...base.metadata, resourceVersion: '2', annotations: { a: '1', b: 'theirs' } } };
    const out = rebaseEdits(base, mine, latest);
    expect(out.metadata).toEqual({ name: 'r', resourceVersion: '2', annotations: { a: 'mine', b: 'theirs' } });
  });
  it('mine wins on the same field, skips edits under removed parents', () => {
    const mine = { ...base, spec: { rules: [{ host: 'mine.test' }] } };
    const latest = { metadata: { ...base.metadata, resourceVersion: '3' } };
    const out = rebaseEdits(base, mine, latest);
    expect(out.spec).toBeUndefined();
    const out2 = rebaseEdits(base, mine, { ...base, metadata: { ...base.metadata, resourceVersion: '4' }, spec: { rules: [{ host: 'theirs.test' }] } });
    expect(out2.spec.rules[0].host).toBe('mine.test');
  });
});

describe('userContent: whether a newer version conflicts with an edit', () => {
  const base = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'r', namespace: 'demo', resourceVersion: '10', generation: 1, labels: { a: '1' }, managedFields: [{ manager: 'kubectl' }] },
    spec: { rules: [{ host: 'a.test' }] },
    status: { loadBalancer: {} },
  };
  it('ignores status, resourceVersion and managedFields (the gateway writing status is no conflict)', () => {
    const statusOnly = { ...base, metadata: { ...base.metadata, resourceVersion: '11', managedFields: [] }, status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } } };
    expect(userContent(statusOnly)).toBe(userContent(base));
  });
  it('sees a label or spec change by someone else', () => {
    expect(userContent({ ...base, metadata: { ...base.metadata, labels: { a: '2' } } })).not.toBe(userContent(base));
    expect(userContent({ ...base, spec: { rules: [{ host: 'b.test' }] } })).not.toBe(userContent(base));
  });
});

describe('applyOverStatusChanges', () => {
  const base = { kind: 'Ingress', metadata: { name: 'r', resourceVersion: '1', labels: { a: '1' } }, spec: { x: 1 }, status: {} };
  const mine = { ...base, spec: { x: 2 } };
  const conflict = { ok: false as const, status: 409 };
  const fakeApply = (acceptRv: string) => {
    const sent: string[] = [];
    const apply = async (m: Manifest) => {
      sent.push(m.metadata?.resourceVersion ?? '');
      return m.metadata?.resourceVersion === acceptRv ? { ok: true as const } : conflict;
    };
    return { sent, apply };
  };

  it('retries on top of a version that differs only in status', async () => {
    const { sent, apply } = fakeApply('2');
    const latest = { ...base, metadata: { ...base.metadata, resourceVersion: '2' }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
    const r = await applyOverStatusChanges(mine, base, apply, async () => latest);
    expect(r.ok).toBe(true);
    expect(sent).toEqual(['1', '2']);
  });

  it('keeps the 409 when someone else changed what a user edits', async () => {
    const { sent, apply } = fakeApply('2');
    const latest = { ...base, metadata: { ...base.metadata, resourceVersion: '2', labels: { a: 'theirs' } } };
    const r = await applyOverStatusChanges(mine, base, apply, async () => latest);
    expect(r).toEqual(conflict);
    expect(sent).toEqual(['1']);
  });
});

describe('rebaseFromOrigin: a YAML edit, then the form, then a 409 (the route wizard flow)', () => {
  const stored = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'r', namespace: 'demo', resourceVersion: '5', annotations: { 'example.com/owner': 'payments' } },
    spec: { ingressClassName: 'portico', rules: [{ host: 'a.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
  };
  // In YAML: an annotation and a field the form has no input for; the text becomes the form's base.
  const yamlEdited = {
    ...stored,
    metadata: { ...stored.metadata, annotations: { ...stored.metadata.annotations, 'example.com/yaml-only': 'kept' } },
    spec: { ...stored.spec, ingressClassName: 'portico-internal' },
  };
  // Back in the form: a label.
  const mine = formToIngress({ ...ingressToForm(yamlEdited), labels: [{ key: 'team', value: 'a' }] }, yamlEdited);
  // kubectl meanwhile: another annotation, a new resourceVersion.
  const latest = { ...stored, metadata: { ...stored.metadata, resourceVersion: '6', annotations: { ...stored.metadata.annotations, 'example.com/reviewed': 'yes' } } };

  it('replays the YAML-only edits with the form edits onto the latest version', () => {
    const { base, origin } = rebaseFromOrigin(stored, mine, latest);
    expect(base.metadata.annotations).toEqual({ 'example.com/owner': 'payments', 'example.com/reviewed': 'yes', 'example.com/yaml-only': 'kept' });
    expect(base.metadata.labels).toEqual({ team: 'a' });
    expect(base.metadata.resourceVersion).toBe('6');
    expect(base.spec.ingressClassName).toBe('portico-internal');
    expect(origin).toBe(latest);
    // The form, reset from the rebased object, writes onto it: nothing is dropped on the next save.
    const saved = formToIngress(ingressToForm(base), base);
    expect(saved).toEqual(base);
  });
  it('diffing from the replaced base instead (the old behaviour) loses them', () => {
    const out = rebaseEdits(yamlEdited, mine, latest);
    expect(out.metadata.annotations).not.toHaveProperty('example.com/yaml-only');
    expect(out.spec.ingressClassName).toBe('portico');
  });
  it('a status-only 409 is retried when judged against the origin, not the YAML-edited base', async () => {
    const sent: string[] = [];
    const apply = async (m: typeof stored) => {
      sent.push(m.metadata.resourceVersion);
      return m.metadata.resourceVersion === '7' ? { ok: true as const } : { ok: false as const, status: 409 };
    };
    const statusOnly = { ...stored, metadata: { ...stored.metadata, resourceVersion: '7' }, status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } } };
    expect((await applyOverStatusChanges(mine, stored, (m) => apply(m as typeof stored), async () => statusOnly)).ok).toBe(true);
    expect(sent).toEqual(['5', '7']);
  });
});

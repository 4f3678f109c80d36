'use client';
/**
 * "Convert to Gateway API" on an Ingress page: the proposed HTTPRoutes (YAML), the table per
 * annotation, the equivalence check on the gateway's routing table, the Gateway to attach to,
 * and "Create and move traffic" (server/actions/convert.ts, as the signed-in user).
 */
import { useQueryClient } from '@tanstack/react-query';
import { ArrowRightLeft, CheckCircle2, X } from 'lucide-react';
import Link from 'next/link';
import { Dialog } from 'radix-ui';
import { useCallback, useState } from 'react';
import { toast } from 'sonner';
import { moveTrafficAction, planConversionAction, type ConversionView } from '@/server/actions/convert';
import type { RowStatus } from '@/lib/routing/convert';
import { qk } from '../live/query-keys';
import { Badge } from '../common/badge';
import { Button } from '../common/button';

const TONE: Record<RowStatus, 'green' | 'amber' | 'red' | 'neutral'> = { translated: 'green', approximated: 'amber', 'not-translatable': 'red', ignored: 'neutral' };
const LABEL: Record<RowStatus, string> = { translated: 'Translated', approximated: 'Approximated', 'not-translatable': 'Not translatable', ignored: 'Ignored' };
const MAX_SHOWN_DIFFERENCES = 50;

export function ConvertDialog({ project, name }: { project: string; name: string }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<ConversionView>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const [moving, setMoving] = useState(false);
  const [moved, setMoved] = useState<{ routes: string[]; hosts: string[]; log: string[] }>();

  const load = useCallback(
    async (gateway?: { namespace: string; name: string }) => {
      setLoading(true);
      setError(undefined);
      setAccepted(false);
      const r = await planConversionAction(project, name, gateway).finally(() => setLoading(false));
      if (r.ok) setView(r.value);
      else setError(r.message);
    },
    [project, name],
  );

  const c = view?.plan.conversion;
  const e = view?.plan.equivalence;
  const differences = e?.differences.length ?? 0;
  const canMove = !!view?.gateway && !!c && !c.refused && c.routes.length > 0 && (differences === 0 || accepted) && !moving && !moved;

  async function move() {
    if (!view?.gateway) return;
    setMoving(true);
    const r = await moveTrafficAction(project, name, view.gateway, accepted).finally(() => setMoving(false));
    if (!r.ok) {
      setError(r.message);
      toast.error(r.message);
      return;
    }
    setMoved(r.value);
    toast.success(`Traffic moved to HTTPRoute ${r.value.routes.join(', ')}`);
    void qc.invalidateQueries({ queryKey: qk.item(project, 'routes', name) });
    void qc.invalidateQueries({ queryKey: qk.list(project, 'routes') });
  }

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(o) => {
        if (moving) return;
        setOpen(o);
        if (o) {
          setMoved(undefined);
          void load();
        }
      }}
    >
      <Dialog.Trigger asChild>
        <Button variant="secondary">
          <ArrowRightLeft className="h-4 w-4" aria-hidden /> Convert to Gateway API
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 flex max-h-[92vh] w-[min(72rem,96vw)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg bg-white shadow-xl">
          <div className="flex items-start justify-between border-b px-5 py-3">
            <div>
              <Dialog.Title className="text-lg font-semibold">Convert {name} to Gateway API</Dialog.Title>
              <Dialog.Description className="text-sm text-slate-600">The HTTPRoutes that do what this Ingress does, checked request by request on the gateway&apos;s own routing table before anything is created.</Dialog.Description>
            </div>
            <Dialog.Close aria-label="Close" className="rounded p-1 text-slate-500 hover:bg-slate-100" disabled={moving}>
              <X className="h-4 w-4" />
            </Dialog.Close>
          </div>
          <div className="min-h-0 flex-1 space-y-4 overflow-auto px-5 py-4 text-sm">
            <label className="flex items-center gap-2">
              <span className="font-medium">Gateway</span>
              <select
                aria-label="Gateway"
                className="rounded-md border border-slate-300 px-2 py-1"
                value={view?.gateway ? `${view.gateway.namespace}/${view.gateway.name}` : ''}
                disabled={loading || moving || !!moved}
                onChange={(ev) => {
                  const [namespace, gw] = ev.target.value.split('/');
                  void load({ namespace, name: gw });
                }}
              >
                {!view?.choices.length && <option value="">No Gateway admits this project&apos;s HTTPRoutes</option>}
                {view?.choices.map((g) => (
                  <option key={`${g.namespace}/${g.name}`} value={`${g.namespace}/${g.name}`}>
                    {g.namespace}/{g.name} ({g.listeners.map((l) => `${l.name} ${l.protocol}:${l.port}${l.hostname ? ' ' + l.hostname : ''}`).join(', ')})
                  </option>
                ))}
              </select>
              {loading && <span className="text-slate-500">Checking…</span>}
            </label>
            {moved && (
              <section role="status" aria-label="Move result" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-green-900">
                <p className="font-medium">
                  Traffic for {moved.hosts.map((h) => h || 'any host').join(', ')} now goes through{' '}
                  {moved.routes.map((r, i) => (
                    <span key={r}>
                      {i > 0 && ', '}
                      <Link className="underline" href={`/projects/${project}/httproutes/${r}`}>
                        HTTPRoute {r}
                      </Link>
                    </span>
                  ))}
                  .
                </p>
                <ul className="mt-1 list-disc pl-5 text-xs">
                  {moved.log.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </section>
            )}
            {error && (
              <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
                {error}
              </p>
            )}
            {c?.refused && (
              <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
                Not converted: {c.refused}
              </p>
            )}
            {c && !c.refused && (
              <>
                <section aria-label="Equivalence">
                  <h3 className="mb-1 font-semibold">Equivalence</h3>
                  {e && differences === 0 ? (
                    <p className="flex items-center gap-1.5 text-green-800">
                      <CheckCircle2 className="h-4 w-4" aria-hidden /> All {e.requests} generated requests are routed the same (backend, upstream path, Host rewrite, redirect, status).
                    </p>
                  ) : e ? (
                    <>
                      <p className="text-amber-900">
                        {differences}
                        {e.truncated ? '+' : ''} of {e.requests} generated requests are routed differently:
                      </p>
                      <div className="mt-1 max-h-56 overflow-auto rounded border">
                        <table className="w-full text-xs" aria-label="Requests routed differently">
                          <thead className="sticky top-0 bg-slate-50 text-left">
                            <tr>
                              <th className="px-2 py-1">Request</th>
                              <th className="px-2 py-1">Ingress</th>
                              <th className="px-2 py-1">Proposal</th>
                            </tr>
                          </thead>
                          <tbody>
                            {e.differences.slice(0, MAX_SHOWN_DIFFERENCES).map((d, i) => (
                              <tr key={i} className="border-t align-top">
                                <td className="px-2 py-1 font-mono break-all">
                                  {d.request.method} {d.request.scheme}://{d.request.host}
                                  {d.request.path}
                                  {Object.entries(d.request.headers).map(([k, v]) => (
                                    <div key={k} className="text-slate-500">
                                      {k}: {v}
                                    </div>
                                  ))}
                                </td>
                                <td className="px-2 py-1 font-mono break-all">{d.ingress}</td>
                                <td className="px-2 py-1 font-mono break-all">{d.proposal}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                      {differences > MAX_SHOWN_DIFFERENCES && <p className="text-xs text-slate-500">…and {differences - MAX_SHOWN_DIFFERENCES} more.</p>}
                    </>
                  ) : null}
                </section>
                <section aria-label="Annotations">
                  <h3 className="mb-1 font-semibold">Annotations</h3>
                  {c.annotations.length === 0 ? (
                    <p className="text-slate-500">No ingress-nginx annotations.</p>
                  ) : (
                    <table className="w-full text-xs" aria-label="Annotation table">
                      <thead className="bg-slate-50 text-left">
                        <tr>
                          <th className="px-2 py-1">Annotation</th>
                          <th className="px-2 py-1">Value</th>
                          <th className="px-2 py-1">Result</th>
                          <th className="px-2 py-1">How / why</th>
                        </tr>
                      </thead>
                      <tbody>
                        {c.annotations.map((a) => (
                          <tr key={`${a.ingress}/${a.key}`} className="border-t align-top">
                            <td className="px-2 py-1 font-mono whitespace-nowrap">
                              {a.key.replace('nginx.ingress.kubernetes.io/', '')}
                              {a.ingress !== c.ingress.name && <div className="text-slate-500">on {a.ingress}</div>}
                            </td>
                            <td className="px-2 py-1 font-mono break-all">{a.value}</td>
                            <td className="px-2 py-1">
                              <Badge tone={TONE[a.status]}>{LABEL[a.status]}</Badge>
                            </td>
                            <td className="px-2 py-1">{a.detail}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  {c.notes.length > 0 && (
                    <ul className="mt-2 list-disc pl-5 text-slate-700" aria-label="Notes">
                      {c.notes.map((n) => (
                        <li key={n}>{n}</li>
                      ))}
                    </ul>
                  )}
                </section>
                <section aria-label="Proposal">
                  <h3 className="mb-1 font-semibold">
                    Proposal: {c.routes.length} HTTPRoute{c.routes.length === 1 ? '' : 's'}
                    {c.canaries.length > 0 && <span className="font-normal text-slate-600"> (canary Ingress {c.canaries.join(', ')} folded in)</span>}
                  </h3>
                  <pre aria-label="Proposed HTTPRoutes YAML" className="max-h-72 overflow-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100">
                    {view?.yaml}
                  </pre>
                </section>
              </>
            )}
          </div>
          <div className="flex flex-wrap items-center justify-end gap-3 border-t px-5 py-3">
            {differences > 0 && !moved && (
              <label className="mr-auto flex items-center gap-2 text-sm text-amber-900">
                <input type="checkbox" checked={accepted} onChange={(ev) => setAccepted(ev.target.checked)} disabled={moving} />I accept the {differences} listed difference{differences === 1 ? '' : 's'}
              </label>
            )}
            <p className="text-xs text-slate-500">The Ingress stops serving these hosts only once the gateway has accepted the routes.</p>
            <Button variant="primary" disabled={!canMove} onClick={() => void move()}>
              {moving ? 'Moving traffic…' : 'Create and move traffic'}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

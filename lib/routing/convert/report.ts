/** The conversion report as plain text (the CLI prints it; tests read it). */
import type { ConversionPlan } from './index';

const STATUS: Record<string, string> = { translated: 'translated', approximated: 'APPROXIMATED', 'not-translatable': 'NOT TRANSLATABLE', ignored: 'ignored' };

export function formatReport(plan: ConversionPlan): string {
  const { conversion: c, equivalence: e } = plan;
  const lines: string[] = [`Ingress ${c.ingress.namespace}/${c.ingress.name}`];
  if (c.refused) return [...lines, `  not converted: ${c.refused}`].join('\n');
  if (c.canaries.length) lines.push(`  canaries folded in: ${c.canaries.join(', ')}`);
  lines.push(`  proposed HTTPRoutes: ${c.routes.map((r) => r.metadata.name).join(', ') || '(none)'} for hosts ${c.hosts.map((h) => h || '(any)').join(', ')}`);
  if (c.annotations.length) {
    lines.push('  annotations:');
    for (const r of c.annotations) lines.push(`    ${STATUS[r.status].padEnd(16)} ${r.key.replace('nginx.ingress.kubernetes.io/', '')}="${r.value}"${r.ingress !== c.ingress.name ? ` (on ${r.ingress})` : ''}: ${r.detail}`);
  }
  for (const n of c.notes) lines.push(`  note: ${n}`);
  if (e) {
    if (!e.differences.length) lines.push(`  equivalence: all ${e.requests} generated requests are routed the same`);
    else {
      lines.push(`  equivalence: ${e.differences.length}${e.truncated ? '+' : ''} of ${e.requests} generated requests are routed differently:`);
      for (const d of e.differences.slice(0, 40)) {
        const h = Object.entries(d.request.headers).map(([k, v]) => ` ${k}: ${v}`).join(';');
        lines.push(`    ${d.request.method} ${d.request.scheme}://${d.request.host}${d.request.path}${h ? ` [${h.trim()}]` : ''}`);
        lines.push(`      Ingress:  ${d.ingress}`);
        lines.push(`      proposal: ${d.proposal}`);
      }
      if (e.differences.length > 40) lines.push(`    ... ${e.differences.length - 40} more`);
    }
  }
  return lines.join('\n');
}

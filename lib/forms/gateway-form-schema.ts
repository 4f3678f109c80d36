/**
 * zod schema of the Gateway form (admin Gateways page), with the Gateway API rules of lib/k8s
 * (validateGateway: the CRD's patterns and CEL rules) placed on the form's fields. The server
 * runs the same form checks on the manifest it receives (server/admin/gateways.ts).
 */
import { z } from 'zod';
import { gatewayHostnameErrors } from '../k8s/validation/gateway';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, isValidPortNum } from '../k8s/validation/primitives';
import { ROUTES_FROM, TLS_MODES, textToLabels, type GatewayForm } from './gateway-form';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}
function checkValue(ctx: Ctx, path: Path, value: string, errs: string[]): void {
  if (errs.length > 0) issue(ctx, path, `Invalid value: ${JSON.stringify(value)}: ${errs.join(', ')}`);
}

const TLS_PROTOCOLS = ['HTTPS', 'TLS'];
const NO_HOSTNAME = ['TCP', 'UDP'];
const PROTOCOL_RE = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$/;

const listener = z.object({
  name: z.string().max(253),
  protocol: z.string().max(255),
  port: z.string().max(16),
  hostname: z.string().max(253),
  tlsMode: z.union([z.enum(TLS_MODES), z.literal('')]),
  certificates: z.array(z.object({ name: z.string().max(253) })).max(64),
  from: z.enum(ROUTES_FROM),
  selector: z.string().max(4096),
  kinds: z.array(z.string().max(63)).max(8),
});

export const gatewayFormSchema = z
  .object({
    namespace: z.string().max(63),
    name: z.string().max(253),
    gatewayClassName: z.string().max(253),
    listeners: z.array(listener),
  })
  .superRefine((form, ctx) => {
    if (!form.namespace) issue(ctx, ['namespace'], 'Required value: choose the namespace of the Gateway');
    else checkValue(ctx, ['namespace'], form.namespace, isDNS1123Label(form.namespace));
    if (!form.name) issue(ctx, ['name'], 'Required value: give the Gateway a name');
    else checkValue(ctx, ['name'], form.name, isDNS1123Subdomain(form.name));
    if (!form.gatewayClassName.trim()) issue(ctx, ['gatewayClassName'], 'Required value: choose a GatewayClass');
    if (form.listeners.length === 0) issue(ctx, ['listeners'], 'Required value: add a listener');
    if (form.listeners.length > 64) issue(ctx, ['listeners'], `Too many: ${form.listeners.length}: must have at most 64 items`);

    const names = new Map<string, number>();
    const combos = new Map<string, number>();
    form.listeners.forEach((l, i) => {
      const lp: Path = ['listeners', i];
      const name = l.name.trim();
      if (!name) issue(ctx, [...lp, 'name'], 'Required value: name the listener');
      else {
        checkValue(ctx, [...lp, 'name'], name, isDNS1123Subdomain(name));
        if (names.has(name)) issue(ctx, [...lp, 'name'], 'Listener name must be unique within the Gateway');
        names.set(name, i);
      }
      if (!l.protocol) issue(ctx, [...lp, 'protocol'], 'Required value: choose a protocol');
      else if (!PROTOCOL_RE.test(l.protocol)) issue(ctx, [...lp, 'protocol'], `Invalid value: ${JSON.stringify(l.protocol)}: not a protocol name`);
      const port = l.port.trim();
      if (!port) issue(ctx, [...lp, 'port'], 'Required value: enter the port');
      else if (!/^\d+$/.test(port)) issue(ctx, [...lp, 'port'], `Invalid value: ${JSON.stringify(port)}: must be a port number`);
      else checkValue(ctx, [...lp, 'port'], port, isValidPortNum(Number(port)));
      const host = l.hostname.trim();
      if (host) {
        if (NO_HOSTNAME.includes(l.protocol)) issue(ctx, [...lp, 'hostname'], `A ${l.protocol} listener has no hostname`);
        else checkValue(ctx, [...lp, 'hostname'], host, gatewayHostnameErrors(host));
      }
      const combo = `${port}/${l.protocol}/${host}`;
      if (combos.has(combo)) issue(ctx, [...lp, 'port'], `Listener ${combos.get(combo)! + 1} has the same port, protocol and hostname`);
      combos.set(combo, i);

      if (TLS_PROTOCOLS.includes(l.protocol)) {
        if (!l.tlsMode) issue(ctx, [...lp, 'tlsMode'], `Required value: a ${l.protocol} listener needs a TLS mode`);
        if (l.protocol === 'HTTPS' && l.tlsMode === 'Passthrough') issue(ctx, [...lp, 'tlsMode'], 'An HTTPS listener terminates TLS: use protocol TLS to pass it through');
        if (l.tlsMode === 'Terminate' && l.certificates.length === 0) issue(ctx, [...lp, 'certificates'], 'Required value: choose the certificate Secret the listener serves');
      } else if (l.tlsMode) issue(ctx, [...lp, 'tlsMode'], `A ${l.protocol || 'non-TLS'} listener has no TLS settings`);
      l.certificates.forEach((c, k) => {
        if (!c.name.trim()) issue(ctx, [...lp, 'certificates', k, 'name'], 'Required value: choose a Secret or remove the row');
        else checkValue(ctx, [...lp, 'certificates', k, 'name'], c.name.trim(), isDNS1123Subdomain(c.name.trim()));
      });

      if (l.from === 'Selector') {
        const { labels, bad } = textToLabels(l.selector);
        if (bad.length) issue(ctx, [...lp, 'selector'], `Invalid value: ${JSON.stringify(bad[0])}: write labels as key=value, separated by commas`);
        else if (Object.keys(labels).length === 0) issue(ctx, [...lp, 'selector'], 'Required value: name the namespace labels that admit routes (key=value)');
        for (const [k, v] of Object.entries(labels)) {
          const errs = [...isQualifiedName(k), ...isValidLabelValue(v)];
          if (errs.length) issue(ctx, [...lp, 'selector'], `Invalid value: ${JSON.stringify(`${k}=${v}`)}: ${errs.join(', ')}`);
        }
      }
    });
  }) satisfies z.ZodType<GatewayForm>;

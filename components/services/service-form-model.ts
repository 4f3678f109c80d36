/** The Service form: what it shows, and its lossless mapping onto a Service object. */
import { z } from 'zod';
import type { Service, ServicePort, ServiceSpec } from '@/lib/k8s';
import { DNS1035_LABEL_RE as label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '@/lib/k8s/validation/primitives';

export const SERVICE_TYPES = ['ClusterIP', 'Headless', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceFormType = (typeof SERVICE_TYPES)[number];


export const portSchema = z.object({
  name: z.string().max(15, 'at most 15 characters').refine((v) => v === '' || label.test(v), 'lowercase letters, digits and "-", starting with a letter'),
  port: z.string().regex(/^\d+$/, 'a number 1-65535').refine((v) => Number(v) >= 1 && Number(v) <= 65535, 'a number 1-65535'),
  targetPort: z
    .string()
    .refine((v) => v === '' || (/^\d+$/.test(v) ? Number(v) >= 1 && Number(v) <= 65535 : label.test(v) && v.length <= 15), 'a port number or a container port name'),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']),
  appProtocol: z.string().max(63).refine((v) => v === '' || /^[a-zA-Z0-9]([-a-zA-Z0-9_./]*[a-zA-Z0-9])?$/.test(v), 'e.g. http, https, kubernetes.io/h2c'),
});

export const serviceFormSchema = z
  .object({
    name: z.string().min(1, 'name is required').max(63, 'at most 63 characters').regex(label, 'lowercase letters, digits and "-", starting with a letter'),
    type: z.enum(SERVICE_TYPES),
    externalName: z.string(),
    selector: z.array(
      z.object({
        key: z.string().refine((k) => isQualifiedName(k).length === 0, 'a label key such as app or example.com/tier'),
        value: z.string().refine((v) => isValidLabelValue(v).length === 0, 'letters, digits, "-", "_" or ".", at most 63'),
      }),
    ),
    ports: z.array(portSchema),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'ExternalName') {
      if (isDNS1123Subdomain(v.externalName).length > 0)
        ctx.addIssue({ code: 'custom', path: ['externalName'], message: 'a DNS name such as db.example.com' });
    } else if (v.ports.length === 0 && v.type !== 'Headless') {
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'add at least one port' });
    }
    if (v.ports.length > 1) {
      v.ports.forEach((p, i) => {
        if (!p.name) ctx.addIssue({ code: 'custom', path: ['ports', i, 'name'], message: 'required when there are several ports' });
      });
    }
    const seen = new Set<string>();
    v.ports.forEach((p, i) => {
      if (p.name && seen.has(p.name)) ctx.addIssue({ code: 'custom', path: ['ports', i, 'name'], message: 'duplicate port name' });
      seen.add(p.name);
    });
    const keys = new Set<string>();
    v.selector.forEach((s, i) => {
      if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['selector', i, 'key'], message: 'duplicate key' });
      keys.add(s.key);
    });
  });

export type ServiceForm = z.infer<typeof serviceFormSchema>;
/** A Service as the form reads and writes it (the lib/k8s schema type; unknown fields are kept). */
type ServiceObject = Pick<Service, 'metadata' | 'spec'> & Partial<Pick<Service, 'apiVersion' | 'kind'>>;

export function emptyServiceForm(): ServiceForm {
  return { name: '', type: 'ClusterIP', externalName: '', selector: [{ key: 'app', value: '' }], ports: [{ name: 'http', port: '80', targetPort: '8080', protocol: 'TCP', appProtocol: '' }] };
}

export function serviceToForm(svc: ServiceObject): ServiceForm {
  const spec: Partial<ServiceSpec> = svc.spec ?? {};
  const type: ServiceFormType = spec.type === 'ClusterIP' || !spec.type ? (spec.clusterIP === 'None' ? 'Headless' : 'ClusterIP') : spec.type;
  return {
    name: svc.metadata?.name ?? '',
    type,
    externalName: spec.externalName ?? '',
    selector: Object.entries(spec.selector ?? {}).map(([key, value]) => ({ key, value })),
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: String(p.port ?? ''),
      targetPort: p.targetPort === undefined ? '' : String(p.targetPort),
      protocol: p.protocol ?? 'TCP',
      appProtocol: p.appProtocol ?? '',
    })),
  };
}

/** Writes the form onto a copy of `base`, keeping every field the form does not show. */
export function formToService(form: ServiceForm, base?: ServiceObject): ServiceObject & { spec: ServiceSpec } {
  const out: ServiceObject = base ? structuredClone(base) : { apiVersion: 'v1', kind: 'Service', metadata: {}, spec: {} };
  out.apiVersion = 'v1';
  out.kind = 'Service';
  out.metadata = { ...(out.metadata ?? {}), name: form.name };
  const spec: ServiceSpec = { ...(out.spec ?? {}) };
  const oldPorts: ServicePort[] = spec.ports ?? [];
  if (form.type === 'ExternalName') {
    spec.type = 'ExternalName';
    spec.externalName = form.externalName;
    delete spec.selector;
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else {
    spec.type = form.type === 'Headless' ? 'ClusterIP' : form.type;
    delete spec.externalName;
    if (form.type === 'Headless') spec.clusterIP = 'None';
    else if (spec.clusterIP === 'None' && !base) delete spec.clusterIP;
    spec.selector = Object.fromEntries(form.selector.filter((s) => s.key).map((s) => [s.key, s.value]));
    if (Object.keys(spec.selector ?? {}).length === 0) delete spec.selector;
  }
  spec.ports = form.ports.map((p, i) => {
    const prev: Partial<ServicePort> = oldPorts.find((o) => (p.name && o.name === p.name) || String(o.port) === p.port) ?? oldPorts[i] ?? {};
    const port: ServicePort = { ...prev, port: Number(p.port), protocol: p.protocol };
    if (p.name) port.name = p.name;
    else delete port.name;
    if (p.targetPort) port.targetPort = /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : p.targetPort;
    else delete port.targetPort;
    if (p.appProtocol) port.appProtocol = p.appProtocol;
    else delete port.appProtocol;
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') delete port.nodePort;
    return port;
  });
  if (spec.ports.length === 0) delete spec.ports;
  return { ...out, spec };
}

/** Kubernetes field path (spec.ports[0].name) -> form field (ports.0.name). */
export function serviceFieldToFormPath(field: string): string | undefined {
  if (field === 'metadata.name') return 'name';
  if (field === 'spec.type') return 'type';
  if (field === 'spec.externalName') return 'externalName';
  const m = /^spec\.ports\[(\d+)\]\.(name|port|targetPort|protocol|appProtocol)/.exec(field);
  if (m) return `ports.${m[1]}.${m[2]}`;
  if (field.startsWith('spec.selector')) return 'selector';
  if (field.startsWith('spec.ports')) return 'ports';
  return undefined;
}

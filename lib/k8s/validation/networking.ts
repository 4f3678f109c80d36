/** Spec rules for networking.k8s.io/v1 Ingress and IngressClass. */
import { type FieldCause, child, index, invalid, notSupported, required } from '../causes';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isDomainPrefixedPath,
  isValidIP,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './primitives';
import { asArr, asObj, asStr, immutable } from './common';

type Obj = Record<string, unknown>;

export const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'] as const;

/** Ingress rule / TLS host: a DNS-1123 subdomain with an optional `*.` wildcard, no IP, no port. */
export function ingressHostErrors(host: string): string[] {
  if (isValidIP(host).length === 0) return ['must be a DNS name, not an IP address'];
  if (host.startsWith('*')) return isWildcardDNS1123Subdomain(host);
  return isDNS1123Subdomain(host);
}

/** Path rules for Exact/Prefix paths (ImplementationSpecific only needs a leading '/'). */
export function ingressPathErrors(path: string, pathType: string | undefined): string[] {
  if (!path.startsWith('/')) return ['must be an absolute path'];
  if (pathType !== 'Exact' && pathType !== 'Prefix') return [];
  const errs: string[] = [];
  for (const bad of ['//', '/./', '/../', '%2f', '%2F'])
    if (path.includes(bad)) errs.push(`must not contain '${bad}'`);
  for (const bad of ['/..', '/.']) if (path.endsWith(bad)) errs.push(`cannot end with '${bad}'`);
  return errs;
}

export function validateIngressBackend(backend: unknown, path: string): FieldCause[] {
  const b = asObj(backend);
  const out: FieldCause[] = [];
  const hasService = b.service !== undefined;
  const hasResource = b.resource !== undefined;
  if (hasService && hasResource)
    return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = asObj(b.resource);
    if (!asStr(r.kind)) out.push(required(child(path, 'resource', 'kind')));
    if (!asStr(r.name)) out.push(required(child(path, 'resource', 'name')));
    return out;
  }
  if (!hasService) return [invalid(path, '', 'resource or service backend is required')];
  const svc = asObj(b.service);
  const name = asStr(svc.name);
  if (!name) out.push(required(child(path, 'service', 'name')));
  else
    for (const msg of isDNS1035Label(name))
      out.push(invalid(child(path, 'service', 'name'), name, msg));
  const port = asObj(svc.port);
  const portName = asStr(port.name);
  const portNumber = typeof port.number === 'number' && port.number !== 0 ? port.number : undefined;
  if (portName && portNumber !== undefined)
    out.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    for (const msg of isValidPortName(portName))
      out.push(invalid(child(path, 'service', 'port', 'name'), portName, msg));
  else if (portNumber !== undefined)
    for (const msg of isValidPortNum(portNumber))
      out.push(invalid(child(path, 'service', 'port', 'number'), portNumber, msg));
  else out.push(required(path, 'port name or number is required'));
  return out;
}

export function validateIngress(obj: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const rules = asArr(spec.rules).map(asObj);
  if (spec.defaultBackend === undefined && rules.length === 0)
    out.push(invalid('spec', 'rules', 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend !== undefined)
    out.push(...validateIngressBackend(spec.defaultBackend, 'spec.defaultBackend'));
  const className = asStr(spec.ingressClassName);
  if (className !== undefined)
    for (const msg of isDNS1123Subdomain(className))
      out.push(invalid('spec.ingressClassName', className, msg));
  rules.forEach((rule, i) => {
    const rp = index('spec.rules', i);
    const host = asStr(rule.host);
    if (host)
      for (const msg of ingressHostErrors(host)) out.push(invalid(child(rp, 'host'), host, msg));
    if (rule.http === undefined) return;
    const paths = asArr(asObj(rule.http).paths).map(asObj);
    if (paths.length === 0) out.push(required(child(rp, 'http', 'paths')));
    paths.forEach((p, j) => {
      const pp = index(child(rp, 'http', 'paths'), j);
      const pathType = asStr(p.pathType);
      if (p.pathType === undefined || p.pathType === '')
        out.push(required(child(pp, 'pathType'), 'pathType must be specified'));
      else if (!PATH_TYPES.includes(pathType as (typeof PATH_TYPES)[number]))
        out.push(notSupported(child(pp, 'pathType'), p.pathType, PATH_TYPES));
      const path = asStr(p.path);
      if (path !== undefined && path !== '') {
        for (const msg of ingressPathErrors(path, pathType))
          out.push(invalid(child(pp, 'path'), path, msg));
      } else if (pathType === 'Exact' || pathType === 'Prefix') {
        out.push(invalid(child(pp, 'path'), path ?? '', 'must be an absolute path'));
      }
      out.push(...validateIngressBackend(p.backend, child(pp, 'backend')));
    });
  });
  asArr(spec.tls).forEach((t, i) => {
    const tp = index('spec.tls', i);
    const tls = asObj(t);
    asArr(tls.hosts).forEach((h, j) => {
      if (typeof h === 'string')
        for (const msg of ingressHostErrors(h))
          out.push(invalid(index(child(tp, 'hosts'), j), h, msg));
    });
    const secretName = asStr(tls.secretName);
    if (secretName)
      for (const msg of isDNS1123Subdomain(secretName))
        out.push(invalid(child(tp, 'secretName'), secretName, msg));
  });
  return out;
}

export function validateIngressClass(obj: Obj, old?: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  const controller = asStr(spec.controller) ?? '';
  if (!controller) out.push(required('spec.controller'));
  else {
    if (controller.length > 250)
      out.push(invalid('spec.controller', controller, 'must be no more than 250 characters'));
    for (const msg of isDomainPrefixedPath(controller))
      out.push(invalid('spec.controller', controller, msg));
  }
  if (old && asStr(asObj(old.spec).controller) !== controller)
    out.push(immutable('spec.controller', controller));
  return out;
}

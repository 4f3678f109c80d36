/** Rules for discovery.k8s.io/v1 EndpointSlice. */
import { type FieldCause, child, index, invalid, required, tooMany } from '../causes';
import { isDNS1123Label, isDNS1123Subdomain, isValidIPv4, isValidIPv6 } from './primitives';
import {
  asArr,
  asObj,
  asStr,
  checkUnique,
  immutable,
  validateEnum,
  validatePort,
  validateProtocol,
} from './common';

type Obj = Record<string, unknown>;

export const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'] as const;

export function validateEndpointSlice(obj: Obj, old?: Obj): FieldCause[] {
  const out: FieldCause[] = [];
  const addressType = obj.addressType;
  out.push(...validateEnum(addressType, 'addressType', ADDRESS_TYPES, true));
  const endpoints = asArr(obj.endpoints).map(asObj);
  if (endpoints.length > 1000) out.push(tooMany('endpoints', endpoints.length, 1000));
  endpoints.forEach((e, i) => {
    const ep = index('endpoints', i);
    const addresses = asArr(e.addresses);
    if (addresses.length === 0)
      out.push(required(child(ep, 'addresses'), 'must contain at least 1 address'));
    if (addresses.length > 100) out.push(tooMany(child(ep, 'addresses'), addresses.length, 100));
    addresses.forEach((a, j) => {
      const ap = index(child(ep, 'addresses'), j);
      const addr = asStr(a) ?? '';
      if (addressType === 'IPv4' && !isValidIPv4(addr))
        out.push(invalid(ap, addr, 'must be a valid IPv4 address'));
      if (addressType === 'IPv6' && !isValidIPv6(addr))
        out.push(invalid(ap, addr, 'must be a valid IPv6 address'));
      if (addressType === 'FQDN')
        for (const msg of isDNS1123Subdomain(addr)) out.push(invalid(ap, addr, msg));
    });
    const hostname = asStr(e.hostname);
    if (hostname)
      for (const msg of isDNS1123Label(hostname))
        out.push(invalid(child(ep, 'hostname'), hostname, msg));
    const nodeName = asStr(e.nodeName);
    if (nodeName)
      for (const msg of isDNS1123Subdomain(nodeName))
        out.push(invalid(child(ep, 'nodeName'), nodeName, msg));
  });
  const ports = asArr(obj.ports).map(asObj);
  if (ports.length > 20000) out.push(tooMany('ports', ports.length, 20000));
  ports.forEach((p, i) => {
    const pp = index('ports', i);
    const name = asStr(p.name);
    if (name)
      for (const msg of isDNS1123Label(name)) out.push(invalid(child(pp, 'name'), name, msg));
    if (p.port !== undefined) out.push(...validatePort(p.port, child(pp, 'port')));
    out.push(...validateProtocol(p.protocol, child(pp, 'protocol'), true));
  });
  out.push(
    ...checkUnique(
      ports,
      (p) => p.name ?? '',
      (i) => child(index('ports', i), 'name'),
    ),
  );
  if (old && old.addressType !== addressType) out.push(immutable('addressType', addressType));
  return out;
}

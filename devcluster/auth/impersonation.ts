/**
 * Impersonation as kube-apiserver does it: Impersonate-User / Impersonate-Group /
 * Impersonate-Uid headers switch the request's user, but only when the authenticated
 * identity may `impersonate` each of them (users, groups, serviceaccounts).
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator, Authorizer, UserInfo } from '../api/handler';
import { ApiError } from '../store/errors';

const SA_PREFIX = 'system:serviceaccount:';

function headerValues(req: IncomingMessage, name: string): string[] {
  const raw: string[] = [];
  const h = req.rawHeaders;
  // rawHeaders keeps repeated headers apart (Impersonate-Group may be sent several times).
  for (let i = 0; i < h.length; i += 2) if (h[i].toLowerCase() === name) raw.push(h[i + 1]);
  return raw.map((v) => v.trim()).filter((v) => v !== '');
}

export function withImpersonation(authenticate: Authenticator, authorize: Authorizer): Authenticator {
  return (req) => {
    const actor = authenticate(req);
    if (!actor) return undefined;
    const users = headerValues(req, 'impersonate-user');
    const groups = headerValues(req, 'impersonate-group');
    const uids = headerValues(req, 'impersonate-uid');
    const extras = Object.keys(req.headers).filter((k) => k.startsWith('impersonate-extra-'));
    if (!users.length) {
      if (groups.length || uids.length || extras.length) {
        throw new ApiError(400, 'BadRequest', 'requested impersonation of groups, uid or extra without impersonating a user');
      }
      return actor;
    }
    if (users.length > 1) throw new ApiError(400, 'BadRequest', 'only one Impersonate-User header may be given');
    const username = users[0];
    const check = (attrs: { resource: string; name: string; namespace?: string; group?: string }) => {
      const verdict = authorize({ user: actor, verb: 'impersonate', path: '', group: attrs.group ?? '', version: 'v1', resource: attrs.resource, namespace: attrs.namespace, name: attrs.name, resourceRequest: true });
      if (verdict !== true) {
        const msg = typeof verdict === 'string' ? verdict : `${attrs.resource} "${attrs.name}" is forbidden: User "${actor.name}" cannot impersonate resource "${attrs.resource}" in API group "" at the cluster scope`;
        throw new ApiError(403, 'Forbidden', msg, { name: attrs.name, kind: attrs.resource });
      }
    };
    if (username.startsWith(SA_PREFIX)) {
      const [ns, name] = username.slice(SA_PREFIX.length).split(':');
      check({ resource: 'serviceaccounts', namespace: ns, name: name ?? '' });
    } else {
      check({ resource: 'users', name: username });
    }
    for (const g of groups) check({ resource: 'groups', name: g });
    for (const u of uids) check({ resource: 'uids', name: u, group: 'authentication.k8s.io' });
    const impersonated: UserInfo = { name: username, groups: [...new Set(groups)] };
    // As kube-apiserver does: every named user is also authenticated (service accounts get their groups).
    if (username.startsWith(SA_PREFIX)) {
      const ns = username.slice(SA_PREFIX.length).split(':')[0];
      for (const g of ['system:serviceaccounts', `system:serviceaccounts:${ns}`]) if (!impersonated.groups.includes(g)) impersonated.groups.push(g);
    }
    if (username !== 'system:anonymous' && !impersonated.groups.includes('system:authenticated')) impersonated.groups.push('system:authenticated');
    return impersonated;
  };
}

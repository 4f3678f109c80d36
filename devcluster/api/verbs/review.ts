/** Self reviews (SelfSubjectReview, SelfSubjectAccessReview, SelfSubjectRulesReview). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import { allowAll, type UserInfo } from '../handler-types';
import { readObjectBody, sendJson } from '../http';
import { groupVersion } from '../resources';
import type { Route } from '../route';
import type { VerbContext } from './context';

/** Self-reviews answer "who am I" and "may I" through the same authorizer as requests. */
export async function serveReview(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, method: string, user: UserInfo): Promise<void> {
  const { authorize } = ctx;
  if (method !== 'POST' || route.name) throw new ApiError(405, 'MethodNotAllowed', `${route.def.plural} only supports create`);
  const body = await readObjectBody(req);
  const spec = (body.spec ?? {}) as Record<string, Record<string, string> | undefined>;
  const base = { apiVersion: groupVersion(route.def), kind: route.def.kind, metadata: { creationTimestamp: null } };
  if (route.def.kind === 'SelfSubjectReview') {
    return sendJson(res, 201, { ...base, status: { userInfo: { username: user.name, groups: user.groups } } });
  }
  if (route.def.kind === 'SelfSubjectRulesReview') {
    const all = authorize === allowAll;
    const rulesReview = (authorize as { rulesReview?: (u: UserInfo, ns: string | undefined) => unknown }).rulesReview;
    return sendJson(res, 201, {
      ...base,
      spec,
      status: rulesReview
        ? rulesReview(user, typeof spec.namespace === 'string' ? spec.namespace : undefined)
        : all
        ? { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }
        : { resourceRules: [], nonResourceRules: [], incomplete: true, evaluationError: 'rules are not enumerable with this authorizer' },
    });
  }
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (!ra && !nra) {
    throw new ApiError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified', {
      kind: 'SelfSubjectAccessReview',
      group: 'authorization.k8s.io',
      causes: [{ reason: 'FieldValueInvalid', message: 'exactly one of nonResourceAttributes or resourceAttributes must be specified', field: 'spec.resourceAttributes' }],
    });
  }
  const verdict = ra
    ? authorize({ user, verb: ra.verb ?? '', path: '', group: ra.group ?? '', version: ra.version, resource: ra.resource, subresource: ra.subresource, namespace: ra.namespace, name: ra.name, resourceRequest: true })
    : authorize({ user, verb: nra!.verb ?? '', path: nra!.path ?? '', resourceRequest: false });
  return sendJson(res, 201, { ...base, spec, status: { allowed: verdict === true, ...(typeof verdict === 'string' ? { reason: verdict } : {}) } });
}

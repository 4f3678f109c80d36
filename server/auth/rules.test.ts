/** Answers from a SelfSubjectRulesReview's rules, as RBAC would give them; the bounded answer memo. */
import { describe, expect, it } from 'vitest';
import { ExpiringAnswers, rulesAllow, type ResourceRule } from './rules';

const operator: ResourceRule[] = [
  { verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], apiGroups: ['networking.k8s.io'], resources: ['ingresses'] },
  { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['services', 'pods/log'] },
  { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['tls-demo'] },
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
];

describe('rulesAllow', () => {
  it('matches verb, group and resource, each listed or *', () => {
    expect(rulesAllow(operator, { verb: 'create', group: 'networking.k8s.io', resource: 'ingresses' })).toBe(true);
    expect(rulesAllow(operator, { verb: 'create', group: '', resource: 'services' })).toBe(false);
    expect(rulesAllow(operator, { verb: 'list', group: 'networking.k8s.io', resource: 'services' })).toBe(false); // wrong group
    expect(rulesAllow(operator, { verb: 'list', group: '', resource: 'endpoints' })).toBe(false);
    expect(rulesAllow([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], { verb: 'delete', group: 'gateway.networking.k8s.io', resource: 'httproutes' })).toBe(true);
    expect(rulesAllow([], { verb: 'list', group: '', resource: 'services' })).toBe(false);
  });

  it('subresources only by their own entry (or */sub, resource/*, *)', () => {
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'pods', subresource: 'log' })).toBe(true);
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'pods' })).toBe(false);
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'services', subresource: 'status' })).toBe(false);
    expect(rulesAllow([{ verbs: ['get'], apiGroups: [''], resources: ['*/status'] }], { verb: 'get', group: '', resource: 'services', subresource: 'status' })).toBe(true);
  });

  it('a rule with resourceNames grants only requests naming one of them (never list)', () => {
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'secrets', name: 'tls-demo' })).toBe(true);
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'secrets', name: 'other' })).toBe(false);
    expect(rulesAllow(operator, { verb: 'get', group: '', resource: 'secrets' })).toBe(false);
  });
});

describe('ExpiringAnswers', () => {
  it('asks once per key while fresh, again after the time, and never shares across keys', async () => {
    const memo = new ExpiringAnswers<string>(1000, 100);
    let asked = 0;
    const ask = (v: string) => () => Promise.resolve(`${v}:${++asked}`);
    expect(await memo.get('alice', ask('alice'), 0)).toBe('alice:1');
    expect(await memo.get('alice', ask('alice'), 999)).toBe('alice:1');
    expect(await memo.get('bob', ask('bob'), 999)).toBe('bob:2');
    expect(await memo.get('alice', ask('alice'), 1000)).toBe('alice:3');
  });

  it('shares one question among concurrent askers; a failure is not remembered', async () => {
    const memo = new ExpiringAnswers<number>(1000, 100);
    let asked = 0;
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++asked), 10));
    expect(await Promise.all([memo.get('k', slow), memo.get('k', slow), memo.get('k', slow)])).toEqual([1, 1, 1]);
    const failing = new ExpiringAnswers<number>(1000, 100);
    await expect(failing.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await Promise.resolve();
    expect(await failing.get('k', () => Promise.resolve(7))).toBe(7);
  });

  it('stays within its size bound', async () => {
    const memo = new ExpiringAnswers<number>(60_000, 10);
    for (let i = 0; i < 100; i++) await memo.get(`k${i}`, () => Promise.resolve(i), 0);
    expect(memo.size).toBeLessThanOrEqual(10);
  });
});

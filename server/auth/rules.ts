/**
 * Answers "may I" from a SelfSubjectRulesReview's resource rules, as RBAC matches them: verb,
 * API group and resource (or `resource/subresource`) each listed or `*`; a rule naming
 * resourceNames only grants requests for one of those names. Pure (unit-tested).
 */

/** One resourceRules entry of a SelfSubjectRulesReview status. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface RuleCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

const has = (xs: readonly string[] | undefined, x: string) => !!xs && (xs.includes('*') || xs.includes(x));

function resourceMatches(rule: ResourceRule, c: RuleCheck): boolean {
  if (!c.subresource) return has(rule.resources, c.resource);
  const rs = rule.resources ?? [];
  return rs.includes('*') || rs.includes(`${c.resource}/${c.subresource}`) || rs.includes(`*/${c.subresource}`) || rs.includes(`${c.resource}/*`);
}

/** True when one of the rules grants the check. */
export function rulesAllow(rules: readonly ResourceRule[], c: RuleCheck): boolean {
  return rules.some(
    (r) =>
      has(r.verbs, c.verb) &&
      has(r.apiGroups, c.group) &&
      resourceMatches(r, c) &&
      (!r.resourceNames?.length || (c.name !== undefined && r.resourceNames.includes(c.name))),
  );
}

/**
 * A bounded map of answers that expire: per user, groups and namespace, never shared across
 * users (the key names them). Values are promises, so concurrent askers share one question.
 */
export class ExpiringAnswers<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, ask: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (this.entries.size >= this.maxEntries) this.prune(now);
    const value = ask();
    this.entries.set(key, { until: now + this.ttlMs, value });
    // A failed question is asked again next time, not remembered.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets everything (tests; a change of the user's own rights made by this console). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
    // Still full: drop the oldest half (insertion order).
    if (this.entries.size >= this.maxEntries) {
      let n = Math.ceil(this.entries.size / 2);
      for (const k of this.entries.keys()) {
        if (n-- <= 0) break;
        this.entries.delete(k);
      }
    }
  }
}

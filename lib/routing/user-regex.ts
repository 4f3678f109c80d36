/**
 * Every regular expression an object carries (Ingress use-regex paths and rewrite-target
 * captures, canary-by-header-pattern, HTTPRoute/GRPCRoute RegularExpression matches) is
 * compiled here and nowhere else, by the gateway, the console and the dev cluster's
 * validation alike, so all three give the same answer.
 *
 * Engine: re2js (pure-JS port of RE2/J). Matching is linear in the input (automata, no
 * backtracking), so one namespace's pattern cannot stall the shared event loop; V8's RegExp
 * backtracks (`^/.*.*.*.*x` took 2.7 s on a 300-character path). Chosen over re2-wasm and the
 * native `re2` addon because it is plain JavaScript: it installs from the npm registry without
 * a compiler, runs in the browser console bundle, and needs no async WebAssembly start-up.
 * Measured (bench/gateway/regex.ts): boolean match 0.1-0.2 µs on an ordinary path (V8: 0.03 µs;
 * re2-wasm: 3.4 µs, the JS-to-wasm string copy dominates), 74 µs for the hostile pattern on an
 * 8 KiB path (re2-wasm: 154 µs).
 *
 * The RE2 syntax has no backreferences or lookaround; those patterns are refused with the
 * engine's reason. Bounds: MAX_PATTERN_LENGTH characters of source, MAX_PROGRAM_SIZE compiled
 * instructions (RE2 already refuses repeat counts above 1000, nested ones included).
 */
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 1024;
/** Compiled program size bound: ~30x any pattern a route needs, small enough to bound memory. */
export const MAX_PROGRAM_SIZE = 10_000;

/**
 * How a pattern is applied.
 * - `ingress-path`: ingress-nginx `location ~* "^<path>"`: case-insensitive, anchored at the start
 *   only (the source is prefixed with "^" exactly as ingress-nginx writes it).
 * - `full`: Gateway API RegularExpression: the whole value must match.
 * - `search`: anywhere in the value (ingress-nginx canary-by-header-pattern, Go's MatchString).
 */
export type UserRegexMode = 'ingress-path' | 'full' | 'search';

/** A compiled user pattern. test() is the hot call; exec() only runs for rewrite-target captures. */
export interface UserRegex {
  readonly source: string;
  /** number of capture groups */
  readonly groups: number;
  test(value: string): boolean;
  /** [whole match, group 1, ...] (null for a group that did not take part), or null */
  exec(value: string): ReadonlyArray<string | null> | null;
}

export class UserRegexError extends Error {}

class Re2Regex implements UserRegex {
  readonly groups: number;
  constructor(
    readonly source: string,
    private readonly re: RE2JS,
    private readonly exact: boolean,
  ) {
    this.groups = re.groupCount();
  }
  test(value: string): boolean {
    return this.exact ? this.re.testExact(value) : this.re.test(value);
  }
  exec(value: string): ReadonlyArray<string | null> | null {
    if (!this.exact) {
      // One pass with all captures (onepass / bit-state / NFA, still linear): 0.6 µs on an
      // ordinary path, 7x cheaper than a Matcher, which runs once for group 0 and again for
      // the others; 0.1 ms for an 8 KiB path.
      const groups = this.re.re2().findSubmatch(value) as Array<string | null> | null;
      return groups;
    }
    // Whole-value captures: no route uses them per request today (Gateway API rewrites take no
    // groups); kept correct rather than fast.
    const m = this.re.matcher(value);
    if (!m.matches()) return null;
    const out: (string | null)[] = [];
    for (let g = 0; g <= this.groups; g++) out.push(m.group(g));
    return out;
  }
}

function compileRe2(src: string, flags: number): RE2JS {
  let re: RE2JS;
  try {
    re = RE2JS.compile(src, flags);
  } catch (e) {
    // "error parsing regexp: invalid or unsupported Perl syntax: `(?=`" -> the part after the prefix
    const msg = (e as Error).message.replace(/^error parsing regexp: /, '');
    throw new UserRegexError(`${msg} (patterns use the RE2 syntax, which has no backreferences or lookaround)`);
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    throw new UserRegexError(`compiles to ${re.programSize()} instructions, more than the limit of ${MAX_PROGRAM_SIZE}; use smaller repeat counts`);
  }
  return re;
}

/** Compile a user pattern; throws UserRegexError with a message fit for a condition or Event. */
export function compileUserRegex(src: string, mode: UserRegexMode): UserRegex {
  if (src.length > MAX_PATTERN_LENGTH) {
    throw new UserRegexError(`is ${src.length} characters long, more than the limit of ${MAX_PATTERN_LENGTH}`);
  }
  switch (mode) {
    case 'ingress-path':
      return new Re2Regex(src, compileRe2('^' + src, RE2JS.CASE_INSENSITIVE), false);
    case 'full':
      // Anchored by the engine (testExact/matches), not by wrapping the text, so "a)|(b"
      // is refused instead of silently changing the anchoring.
      return new Re2Regex(src, compileRe2(src, 0), true);
    case 'search':
      return new Re2Regex(src, compileRe2(src, 0), false);
  }
}

/** Why a pattern is refused (undefined when it compiles): for validation and the console. */
export function userRegexProblem(src: string, mode: UserRegexMode = 'full'): string | undefined {
  try {
    compileUserRegex(src, mode);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * User-written regular expressions run on the gateway's event loop for every request, so
 * one pathological pattern from one namespace could stall all traffic. JavaScript's
 * engine backtracks; we refuse the shapes that backtrack catastrophically (a quantified
 * group that itself contains a quantifier, e.g. "(a+)+", and backreferences) and very long
 * patterns. Conservative on purpose: the message tells the user how to rewrite.
 */
export const MAX_REGEX_LENGTH = 1024;

export function unsafeRegexReason(src: string): string | undefined {
  if (src.length > MAX_REGEX_LENGTH) return `is longer than ${MAX_REGEX_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(src)) return 'uses a backreference, which is not allowed';
  // Walk groups: a group containing a quantifier, followed by a quantifier.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const hadQuantifier = stack.pop() ?? false;
      const next = src[i + 1];
      if (hadQuantifier && (next === '*' || next === '+' || next === '{')) {
        return 'nests a repeated group inside a repetition (like "(a+)+"), which can hang matching; remove the inner or outer repetition';
      }
      if (hadQuantifier && stack.length) stack[stack.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '{' || c === '?') && stack.length) {
      // "?" right after "(" is a group modifier, not a quantifier
      if (!(c === '?' && src[i - 1] === '(')) stack[stack.length - 1] = true;
    }
  }
  return undefined;
}

/** new RegExp with the safety check; throws Error with a user-facing message. */
export function compileUserRegex(src: string, flags?: string): RegExp {
  const why = unsafeRegexReason(src);
  if (why) throw new Error(`regular expression ${why}`);
  return new RegExp(src, flags);
}

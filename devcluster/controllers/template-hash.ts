/**
 * pod-template-hash, computed the way the Deployment controller does: FNV-1a (32 bit) of
 * the pod template (plus collisionCount), printed in decimal and re-encoded with the
 * "safe" alphabet that avoids vowels and look-alike characters.
 */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Canonical JSON: object keys sorted, so equal templates hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template ?? {});
  if (collisionCount) text += `#${collisionCount}`;
  return safeEncode(String(fnv1a32(text)));
}

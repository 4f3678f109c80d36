/**
 * Text <-> object for the YAML and JSON edit modes, and locating a Kubernetes field path
 * (`spec.rules[0].host`, `metadata.annotations[portico.dev/alias]`) in the text so server and
 * validateObject errors become editor markers on the right line.
 */
import { isMap, isSeq, parseDocument, stringify, type Node } from 'yaml';

export type ManifestLanguage = 'yaml' | 'json';

export interface TextProblem {
  message: string;
  /** Character offsets into the text. */
  start: number;
  end: number;
}

export type ParseResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; problems: TextProblem[] };

export function manifestToText(value: unknown, language: ManifestLanguage): string {
  return language === 'json' ? JSON.stringify(value, null, 2) + '\n' : stringify(value, { lineWidth: 0 });
}

function jsonProblem(text: string, err: unknown): TextProblem {
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  const at = m ? Math.min(Number(m[1]), text.length) : 0;
  return { message: `Invalid JSON: ${message}`, start: at, end: Math.min(at + 1, text.length) };
}

function notAnObject(text: string): TextProblem {
  return { message: 'The manifest must be one object (a mapping with apiVersion, kind, metadata, spec)', start: 0, end: text.length };
}

export function parseManifest(text: string, language: ManifestLanguage): ParseResult {
  if (text.trim() === '') return { ok: false, problems: [{ message: 'The manifest is empty', start: 0, end: 0 }] };
  if (language === 'json') {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: [notAnObject(text)] };
      return { ok: true, value: value as Record<string, unknown> };
    } catch (err) {
      return { ok: false, problems: [jsonProblem(text, err)] };
    }
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ message: `Invalid YAML: ${e.message.split('\n')[0]}`, start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) })),
    };
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problems: [notAnObject(text)] };
  return { ok: true, value: value as Record<string, unknown> };
}

/** `spec.rules[0].http.paths[1]` -> ['spec','rules',0,'http','paths',1]; `a[b.c]` -> ['a','b.c']. */
export function splitFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

/**
 * Offsets of the value at `field` in the text, or of its deepest existing ancestor's key
 * (a missing required field is reported on its parent). JSON is parsed as YAML (a superset)
 * for its ranges.
 */
export function locateField(text: string, field: string): { start: number; end: number } | null {
  const doc = parseDocument(text, { prettyErrors: false });
  let node: unknown = doc.contents;
  let best: { start: number; end: number } | null = null;
  const rangeOf = (n: unknown) => {
    const r = (n as Node | null)?.range;
    return r ? { start: r[0], end: r[1] } : null;
  };
  best = rangeOf(node);
  for (const seg of splitFieldPath(field)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as Node & { value?: unknown };
        return k !== null && typeof k === 'object' && String(k.value ?? k) === String(seg);
      });
      if (!pair) break;
      best = rangeOf(pair.key) ?? best;
      node = pair.value;
      const r = rangeOf(node);
      if (r) best = r;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      best = rangeOf(node) ?? best;
    } else break;
  }
  if (best && best.end <= best.start) best = { start: best.start, end: best.start + 1 };
  return best;
}

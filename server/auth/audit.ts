/**
 * The audit log: one JSON line per console mutation (who, what, when, result) appended to
 * $DATA_DIR/audit.log (PORTICO_AUDIT_LOG overrides the path).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface AuditRecord {
  time: string;
  user: string;
  action: string;
  namespace?: string;
  name?: string;
  result: 'success' | 'failure' | 'denied';
  code?: number;
  message?: string;
}

export function auditLogPath(): string {
  return process.env.PORTICO_AUDIT_LOG || path.join(path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || '.data'), 'audit.log');
}

let chain: Promise<void> = Promise.resolve();

/** Longest value kept per field: an audit line stays a few KB whatever a client sends. */
export const AUDIT_FIELD_LIMITS: Record<string, number> = { user: 256, action: 512, namespace: 253, name: 253, message: 1024 };
const DEFAULT_FIELD_LIMIT = 256;

/** Cuts a long value, saying how much was cut (the log shows that something was, not what). */
export function truncateField(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max)}…[+${value.length - max} chars]`;
}

function bounded(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = typeof v === 'string' ? truncateField(v, AUDIT_FIELD_LIMITS[k] ?? DEFAULT_FIELD_LIMIT) : v;
  return out;
}

/** Appends in call order, every field bounded; never throws into the caller (a failing log is reported on stderr). */
export function writeAudit(rec: Omit<AuditRecord, 'time'> & { time?: string }, file = auditLogPath()): Promise<void> {
  const line = JSON.stringify(bounded({ time: new Date().toISOString(), ...rec })) + '\n';
  chain = chain
    .then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, line, { mode: 0o600 });
    })
    .catch((err) => console.error('[audit] cannot write audit log:', err));
  return chain;
}

/** Resolves once every record written so far is on disk. */
export function flushAudit(): Promise<void> {
  return chain;
}

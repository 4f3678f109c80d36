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

/** Appends in call order; never throws into the caller (a failing log is reported on stderr). */
export function writeAudit(rec: Omit<AuditRecord, 'time'> & { time?: string }, file = auditLogPath()): Promise<void> {
  const line = JSON.stringify({ time: new Date().toISOString(), ...rec }) + '\n';
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

import type { ActionResult, FieldError } from '@/lib/console/action-result';

/** A Kubernetes `Status` object as the API server returns it on failure. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

/** A failed API call, carrying the server's Status so the UI can show it where it belongs. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly status: KubeStatus,
  ) {
    super(status.message || `Kubernetes API answered ${code}`);
    this.name = 'KubeError';
  }
  get reason(): string {
    return this.status.reason || reasonForCode(this.code);
  }
}

function reasonForCode(code: number): string {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 422:
      return 'Invalid';
    case 503:
      return 'ServiceUnavailable';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

export function fieldErrorsFromStatus(status: KubeStatus): FieldError[] {
  return (status.details?.causes ?? [])
    .filter((c) => c.field || c.message)
    .map((c) => ({ field: c.field ?? '', message: c.message ?? c.reason ?? 'invalid' }));
}

/** Any thrown error as the failure half of an ActionResult. */
export function toActionError(err: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (err instanceof KubeError) {
    return {
      ok: false,
      status: err.code,
      reason: err.reason,
      message: err.message,
      fieldErrors: fieldErrorsFromStatus(err.status),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const unreachable = /ECONNREFUSED|No kubeconfig|fetch failed/.test(message);
  return {
    ok: false,
    status: unreachable ? 503 : 500,
    reason: unreachable ? 'ServiceUnavailable' : 'InternalError',
    message: unreachable ? `Cannot reach the cluster: ${message}` : message,
    fieldErrors: [],
  };
}

/** A local validation failure (zod or our own rules) in ActionResult form. */
export function invalid(message: string, fieldErrors: FieldError[] = []): Extract<ActionResult<never>, { ok: false }> {
  return { ok: false, status: 422, reason: 'Invalid', message, fieldErrors };
}

/** Runs fn and wraps its value or error in an ActionResult. */
export async function asResult<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return toActionError(err);
  }
}

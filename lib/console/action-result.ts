/**
 * What every console server action returns: the value, or an error the UI can show where
 * it happened. `fieldErrors` carry Kubernetes field paths (e.g. `spec.rules[0].host`) taken
 * from a Status's details.causes or from zod issues, so forms can mark the offending field.
 */
export interface FieldError {
  field: string;
  message: string;
}

export type ActionResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status of the failure (422 invalid, 409 conflict, 403 forbidden, 404, 500...). */
      status: number;
      /** Kubernetes Status reason, e.g. Invalid, Conflict, AlreadyExists, Forbidden. */
      reason: string;
      message: string;
      fieldErrors: FieldError[];
    };

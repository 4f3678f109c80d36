import { z } from 'zod';
import { DNS1035_LABEL_RE, DNS1123_LABEL_RE as DNS1123_LABEL, DNS1123_SUBDOMAIN_RE as DNS1123_SUBDOMAIN } from '@/lib/k8s/validation/primitives';

// Kubernetes name rules (lib/k8s's), checked on the server before any call (the API checks them again).

export const projectName = z
  .string()
  .min(1, 'project is required')
  .max(63, 'project must be at most 63 characters')
  .regex(DNS1123_LABEL, 'project must be a DNS-1123 label: lowercase letters, digits and "-"');

export const objectName = z
  .string()
  .min(1, 'name is required')
  .max(253, 'name must be at most 253 characters')
  .regex(DNS1123_SUBDOMAIN, 'name must consist of lowercase letters, digits, "-" or ".", and start and end with a letter or digit');

/** DNS-1035 label, as Service names require. */
export const serviceName = z
  .string()
  .min(1, 'name is required')
  .max(63, 'name must be at most 63 characters')
  .regex(DNS1035_LABEL_RE, 'name must start with a letter and contain only lowercase letters, digits and "-"');

/** A manifest of the given kind: loose (unknown fields kept) but with the basics the server relies on. */
export function manifestOf(apiVersions: string[], kind: string) {
  return z
    .object({
      apiVersion: z.string().refine((v) => apiVersions.includes(v), { message: `apiVersion must be ${apiVersions.join(' or ')}` }),
      kind: z.literal(kind, { message: `kind must be ${kind}` }),
      metadata: z
        .object({
          name: z.string().optional(),
          generateName: z.string().optional(),
          namespace: z.string().optional(),
        })
        .loose(),
    })
    .loose();
}

/** zod issues as ActionResult field errors with Kubernetes-style paths (spec.rules[0].host). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field:
      prefix +
      i.path
        .map((p, idx) => (typeof p === 'number' ? `[${p}]` : idx === 0 && !prefix ? String(p) : `.${String(p)}`))
        .join(''),
    message: i.message,
  }));
}

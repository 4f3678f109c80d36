/**
 * The defaulting and validation functions the write path calls. The real ones live in
 * lib/k8s (shared with the console); this module adapts them and adds the generic
 * metadata checks every kind gets (names, labels, annotations).
 */
import type { KubeObject } from './registry';
import type { StatusCause } from './errors';

export interface SchemaFunctions {
  applyDefaults(obj: KubeObject): KubeObject;
  validateObject(obj: KubeObject, oldObj?: KubeObject): StatusCause[];
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function qualifiedNameErrors(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (!prefix || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
  }
  if (!name || name.length > 63 || !LABEL_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), and must be no more than 63 characters";
  }
  return undefined;
}

/** Checks that apply to every kind's metadata (labels, annotations, finalizers). */
export function validateGenericMetadata(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const md = obj.metadata;
  const labels = md.labels;
  if (labels !== undefined && (labels === null || typeof labels !== 'object' || Array.isArray(labels))) {
    causes.push({ reason: 'FieldValueTypeInvalid', message: 'Invalid value: labels must be a map of string to string', field: 'metadata.labels' });
  } else if (labels) {
    for (const [k, v] of Object.entries(labels)) {
      const keyErr = qualifiedNameErrors(k);
      if (keyErr) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${k}": ${keyErr}`, field: 'metadata.labels' });
      if (typeof v !== 'string') causes.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: ${JSON.stringify(v)}: label values must be strings`, field: `metadata.labels[${k}]` });
      else if (v.length > 63 || !LABEL_VALUE.test(v)) {
        causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, and must be no more than 63 characters`, field: `metadata.labels` });
      }
    }
  }
  const annotations = md.annotations;
  if (annotations !== undefined && (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations))) {
    causes.push({ reason: 'FieldValueTypeInvalid', message: 'Invalid value: annotations must be a map of string to string', field: 'metadata.annotations' });
  } else if (annotations) {
    let total = 0;
    for (const [k, v] of Object.entries(annotations)) {
      const keyErr = qualifiedNameErrors(k.toLowerCase());
      if (keyErr) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${k}": ${keyErr}`, field: 'metadata.annotations' });
      if (typeof v !== 'string') causes.push({ reason: 'FieldValueTypeInvalid', message: `Invalid value: annotation values must be strings`, field: `metadata.annotations[${k}]` });
      else total += k.length + v.length;
    }
    if (total > 256 * 1024) causes.push({ reason: 'FieldValueTooLong', message: 'Too long: must have at most 262144 bytes', field: 'metadata.annotations' });
  }
  if (md.finalizers !== undefined && (!Array.isArray(md.finalizers) || md.finalizers.some((f) => typeof f !== 'string'))) {
    causes.push({ reason: 'FieldValueTypeInvalid', message: 'Invalid value: finalizers must be a list of strings', field: 'metadata.finalizers' });
  }
  return causes;
}

/** Name rules per kind when lib/k8s is not there to say (DNS-1123 subdomain by default). */
export function validateName(kind: string, name: string): StatusCause[] {
  const label = kind === 'Namespace' || kind === 'Service';
  const max = label ? 63 : 253;
  const re = kind === 'Service' ? /^[a-z]([-a-z0-9]*[a-z0-9])?$/ : label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (name.length > max) return [{ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": must be no more than ${max} characters`, field: 'metadata.name' }];
  if (!re.test(name)) {
    const what =
      kind === 'Service'
        ? "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        : label
          ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
          : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    return [{ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${what}`, field: 'metadata.name' }];
  }
  return [];
}

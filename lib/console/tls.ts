import type { CertificateFacts, TlsSecretSummary } from './rows';
export type { CertificateFacts, TlsSecretSummary };

/** Does a certificate name (possibly `*.example.com`) cover the host? One label per wildcard, as TLS does. */
export function certNameCovers(certName: string, host: string): boolean {
  const n = certName.toLowerCase();
  const h = host.toLowerCase();
  if (n === h) return true;
  if (n.startsWith('*.')) {
    const suffix = n.slice(1); // ".example.com"
    if (h.startsWith('*.')) return h.slice(1) === suffix;
    return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes('.') && h.length > suffix.length;
  }
  return false;
}

export function hostsNotCovered(sans: string[], hosts: string[]): string[] {
  return hosts.filter((h) => h && !sans.some((s) => certNameCovers(s, h)));
}

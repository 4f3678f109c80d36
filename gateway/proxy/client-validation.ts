// Frontend client certificate validation (GEP-91) on the HTTPS listener: lib/routing's
// snapshot says, per SNI name, which CA bundles client certificates must chain to and the mode.
// Certificates are requested only for those names: the SNI callback switches the connection's
// verify mode (Node's TLSSocket handle, as its own `requestCert` does) and hands a context that
// holds the CAs; once the handshake is done, `admitted` applies the mode.
import type tls from 'node:tls';
import type { FrontendValidation } from '@/lib/routing';

/** The parts of Node's TLS handle used here (what tls.Server itself calls for requestCert). */
interface VerifyHandle {
  setVerifyMode(requestCert: boolean, rejectUnauthorized: boolean): void;
  verifyError(): Error | null;
}

const asked = new WeakMap<tls.TLSSocket, FrontendValidation>();

/**
 * Called from the SNI callback (`socket` is its `this`): ask this client for a certificate.
 * AllowValidOnly also refuses a handshake without one (OpenSSL's fail-if-no-peer-cert).
 */
export function requestClientCert(socket: tls.TLSSocket, v: FrontendValidation): void {
  const handle = (socket as unknown as { _handle?: VerifyHandle })._handle;
  if (!handle) return;
  handle.setVerifyMode(true, v.mode === 'AllowValidOnly');
  asked.set(socket, v);
}

/**
 * A request whose Host has another client-certificate validation than the connection's SNI
 * (another TLS name on the same connection: HTTP/1.1 Host, HTTP/2 coalescing) would skip the
 * validation its host asks for: the caller answers 421 Misdirected Request.
 */
export function misdirected(validation: { lookup(serverName: string): FrontendValidation | undefined }, socket: unknown, host: string): boolean {
  const sni = (socket as { servername?: string | false } | undefined)?.servername || undefined;
  const colon = host.startsWith('[') ? -1 : host.lastIndexOf(':');
  const name = (colon >= 0 ? host.slice(0, colon) : host).toLowerCase().replace(/\.$/, '');
  const want = validation.lookup(name);
  const had = sni ? validation.lookup(sni) : undefined;
  return want !== undefined && want.id !== had?.id;
}

/** After the handshake: false when the connection must be closed (AllowValidOnly, no valid certificate). */
export function admitted(socket: tls.TLSSocket): boolean {
  const v = asked.get(socket);
  if (!v || v.mode === 'AllowInsecureFallback') return true;
  const handle = (socket as unknown as { _handle?: VerifyHandle })._handle;
  return !!handle && handle.verifyError() === null && !!socket.getPeerCertificate()?.subject;
}

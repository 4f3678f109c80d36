// CAs for the gateway's server-side TLS contexts (HTTPS listeners, TLSRoute termination).
// A context created without `ca` gets Node's bundled root certificates: on first use they are
// parsed into the process's one root store, about 1 MB of OpenSSL memory (heaptrack, bench/gateway/
// RESULTS.md "Lead, session 8"). A server only needs CAs to verify client certificates, and the
// gateway verifies those against the listener's own CAs (GEP-91, ./proxy/servers.ts), so its
// server contexts get none: the root store is built only if an upstream connection needs it.
export const SERVER_CA: string[] = [];

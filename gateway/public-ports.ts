// GATEWAY_PUBLIC_HTTP_PORT / GATEWAY_PUBLIC_HTTPS_PORT: the ports clients connect to for the
// gateway's HTTP and HTTPS listeners. Behind a Service (deploy/: 80 -> 8080, 443 -> 8443) they
// differ from the listener ports, and the redirects the gateway makes (ssl-redirect, an
// HTTPRoute RequestRedirect without a port) must name them: 80/443 are left out of Location.

export interface PublicPorts {
  publicHttpPort: number;
  publicHttpsPort: number;
}

function port(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v.trim());
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number from 1 to 65535 (the port clients use, e.g. the gateway Service's), got "${v.slice(0, 64)}"`);
  return n;
}

/** Unset: the listener ports themselves (`npm start`: 8080/8443). Invalid: throws naming the variable. */
export function publicPortsFromEnv(env: Record<string, string | undefined>, httpPort: number, httpsPort: number): PublicPorts {
  return {
    publicHttpPort: port('GATEWAY_PUBLIC_HTTP_PORT', env.GATEWAY_PUBLIC_HTTP_PORT, httpPort),
    publicHttpsPort: port('GATEWAY_PUBLIC_HTTPS_PORT', env.GATEWAY_PUBLIC_HTTPS_PORT, httpsPort),
  };
}

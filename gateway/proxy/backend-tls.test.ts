// The System trust contexts are shared (each holds ~1 MB of parsed roots): one per client
// certificate, a bounded few.
import { describe, expect, it } from 'vitest';
import { selfSignedCert } from '../../testing/harness';
import { backendTlsOptions, systemContext } from './backend-tls';

const client = (n: number) => ({ secret: `web/c${n}`, ...selfSignedCert(`client-${n}`) });

describe('systemContext', () => {
  it('one context per client certificate, reused by every pool', () => {
    const a = client(1);
    expect(systemContext(undefined)).toBe(systemContext(undefined));
    expect(systemContext(a)).toBe(systemContext({ ...a }));
    expect(systemContext(a)).not.toBe(systemContext(undefined));
    const cfg = { id: 'x', policy: { namespace: 'web', name: 'p' }, hostname: 'b.example.com', subjectAltNames: [] };
    expect(backendTlsOptions(cfg).secureContext).toBe(systemContext(undefined));
    expect(backendTlsOptions({ ...cfg, clientCert: a }).secureContext).toBe(systemContext(a));
  });

  it('keeps the 8 most recently used: a rotated-away certificate\'s context is let go', () => {
    const certs = Array.from({ length: 9 }, (_, i) => client(10 + i));
    const kept = certs.slice(0, 8).map((c) => systemContext(c));
    expect(systemContext(certs[0])).toBe(kept[0]); // using it makes it the newest
    systemContext(certs[8]); // a ninth: the least recently used (certs[1]) goes
    expect(systemContext(certs[7])).toBe(kept[7]);
    expect(systemContext(certs[0])).toBe(kept[0]);
    expect(systemContext(certs[1])).not.toBe(kept[1]);
  });
});

import { describe, expect, it } from 'vitest';
import { publicPortsFromEnv } from './public-ports';

describe('GATEWAY_PUBLIC_HTTP_PORT / GATEWAY_PUBLIC_HTTPS_PORT', () => {
  it('default to the listener ports (npm start: 8080/8443)', () => {
    expect(publicPortsFromEnv({}, 8080, 8443)).toEqual({ publicHttpPort: 8080, publicHttpsPort: 8443 });
    expect(publicPortsFromEnv({ GATEWAY_PUBLIC_HTTP_PORT: '', GATEWAY_PUBLIC_HTTPS_PORT: ' ' }, 9000, 9443)).toEqual({ publicHttpPort: 9000, publicHttpsPort: 9443 });
  });
  it('take a Service port (deploy/: 80/443)', () => {
    expect(publicPortsFromEnv({ GATEWAY_PUBLIC_HTTP_PORT: '80', GATEWAY_PUBLIC_HTTPS_PORT: ' 443 ' }, 8080, 8443)).toEqual({ publicHttpPort: 80, publicHttpsPort: 443 });
  });
  it.each(['0', '65536', '80.5', 'http', '-1', '1e3x'])('refuse %j, naming the variable', (v) => {
    expect(() => publicPortsFromEnv({ GATEWAY_PUBLIC_HTTPS_PORT: v }, 8080, 8443)).toThrow(/^GATEWAY_PUBLIC_HTTPS_PORT must be a port number from 1 to 65535.*got "/);
    expect(() => publicPortsFromEnv({ GATEWAY_PUBLIC_HTTP_PORT: v }, 8080, 8443)).toThrow(/^GATEWAY_PUBLIC_HTTP_PORT must be/);
  });
});

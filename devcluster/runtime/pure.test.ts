import { describe, expect, it } from 'vitest';
import { classifyImage } from './images';
import { PodIPAllocator } from './pod-ip';
import { containerPorts } from './pod-runtime';

describe('images', () => {
  it.each([
    ['portico/echo:1', 'http-echo'],
    ['ealen/echo-server', 'http-echo'],
    ['registry.local:5000/team/tcp-echo:2', 'tcp-echo'],
    ['nginx:1.27', 'unsupported'],
    ['', 'unsupported'],
    [undefined, 'unsupported'],
  ])('%s -> %s', (image, kind) => expect(classifyImage(image)).toBe(kind));
});

describe('pod IPs', () => {
  it('hands out distinct addresses of the CIDR, skipping .0/.1/.255 and used ones', () => {
    const used = new Set(['127.5.16.3']);
    const alloc = new PodIPAllocator('127.5.16.0/20', (ip) => used.has(ip));
    const got = Array.from({ length: 3 }, () => {
      const ip = alloc.allocate();
      used.add(ip);
      return ip;
    });
    expect(got).toEqual(['127.5.16.2', '127.5.16.4', '127.5.16.5']);
  });
  it('wraps around and skips the reserved octets', () => {
    const used = new Set<string>();
    const alloc = new PodIPAllocator('127.9.0.0/24', (ip) => used.has(ip));
    for (let i = 0; i < 253; i++) used.add(alloc.allocate());
    expect(used.has('127.9.0.255')).toBe(false);
    expect(used.has('127.9.0.1')).toBe(false);
    expect(() => alloc.allocate()).toThrow(/no free pod IP/);
  });
  it('refuses CIDRs outside 127.1.0.0+', () => {
    expect(() => new PodIPAllocator('127.0.0.0/24', () => false)).toThrow();
    expect(() => new PodIPAllocator('10.0.0.0/24', () => false)).toThrow();
  });
});

describe('container ports', () => {
  it('uses declared TCP ports, else $PORT, else 3000', () => {
    expect(
      containerPorts({
        ports: [
          { containerPort: 80 },
          { containerPort: 53, protocol: 'UDP' },
          { containerPort: 80 },
        ],
      }),
    ).toEqual([80]);
    expect(containerPorts({ env: [{ name: 'PORT', value: '9000' }] })).toEqual([9000]);
    expect(containerPorts({ env: [{ name: 'PORT', value: 'x' }] })).toEqual([3000]);
    expect(containerPorts({})).toEqual([3000]);
  });
});

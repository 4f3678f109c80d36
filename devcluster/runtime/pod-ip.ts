/**
 * Pod IPs: one loopback address per pod from the Node's podCIDR (a block of
 * 127.0.0.0/8, never 127.0.0.x), assigned once and kept in status.podIP.
 */
const ipToInt = (ip: string) => ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export class PodIPAllocator {
  private readonly base: number;
  private readonly size: number;
  private cursor = 0;

  constructor(
    podCIDR: string,
    private readonly inUse: (ip: string) => boolean,
  ) {
    const [ip, bits] = podCIDR.split('/');
    this.size = 2 ** (32 - Number(bits));
    this.base = Math.floor(ipToInt(ip) / this.size) * this.size;
    if (Math.floor(this.base / 2 ** 24) !== 127 || this.base < ipToInt('127.1.0.0'))
      throw new Error(`pod CIDR ${podCIDR} must lie in 127.1.0.0-127.255.255.255`);
  }

  /** Next free address after the last one handed out, skipping .0, .1 and .255 of each /24. */
  allocate(): string {
    for (let i = 0; i < this.size; i++) {
      const offset = (this.cursor + i) % this.size;
      const n = this.base + offset;
      const last = n % 256;
      if (last === 0 || last === 1 || last === 255) continue;
      const ip = intToIp(n);
      if (this.inUse(ip)) continue;
      this.cursor = offset + 1;
      return ip;
    }
    throw new Error('no free pod IP left in the node pod CIDR');
  }
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled (native addons, dynamic requires).
  serverExternalPackages: ['@kubernetes/client-node', 'better-sqlite3', 'pino', 'prom-client'],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets two builds of this tree (e.g. parallel test runs) not overwrite each other.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // Static assets bypass proxy.ts (which sets these and the CSP on everything else).
  async headers() {
    const common = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
    ];
    return [{ source: '/_next/:path*', headers: common }];
  },
  // `npm test` type-checks the whole repository once (tsc --noEmit); the build need not
  // repeat it, nor fail `npm start` over a benchmark or test file.
  typescript: { ignoreBuildErrors: true },
  // Container images (deploy/console.Dockerfile) build with NEXT_OUTPUT=standalone; `next start` is unaffected.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' } : {}),
};

export default nextConfig;

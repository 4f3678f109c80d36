/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled (native addons, dynamic requires).
  serverExternalPackages: ['@kubernetes/client-node', 'better-sqlite3', 'pino', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

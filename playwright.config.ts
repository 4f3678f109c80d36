/**
 * Browser end-to-end tests in Debian's Chromium against the whole product started on test
 * ports (console 19100, dev cluster 19443, gateway 19080/19444/19090) with a fresh DATA_DIR.
 * `scripts/test.sh` runs `next build` first, so `scripts/start.ts` serves the production build.
 * Override any port with E2E_CONSOLE_PORT, E2E_DEVCLUSTER_PORT, E2E_GATEWAY_HTTP_PORT,
 * E2E_GATEWAY_HTTPS_PORT, E2E_GATEWAY_ADMIN_PORT.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const env = process.env;
const ports = {
  console: env.E2E_CONSOLE_PORT ?? '19100',
  devcluster: env.E2E_DEVCLUSTER_PORT ?? '19443',
  gatewayHttp: env.E2E_GATEWAY_HTTP_PORT ?? '19080',
  gatewayHttps: env.E2E_GATEWAY_HTTPS_PORT ?? '19444',
  gatewayAdmin: env.E2E_GATEWAY_ADMIN_PORT ?? '19090',
};

// E2E_BASE_URL: run against an already running console (e.g. next dev) and its
// E2E_KUBECONFIG instead of starting the product.
const external = env.E2E_BASE_URL;

// One temp DATA_DIR for the run: made by the main process, inherited by workers through env.
if (!external && !env.PORTICO_E2E_DATA_DIR) {
  const dir = mkdtempSync(path.join(tmpdir(), 'portico-e2e-'));
  env.PORTICO_E2E_DATA_DIR = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
const dataDir = env.PORTICO_E2E_DATA_DIR ?? '';

// Tests read these (gateway address, kubeconfig for kubectl).
env.GATEWAY_HTTP_PORT = ports.gatewayHttp;
env.GATEWAY_HTTPS_PORT = ports.gatewayHttps;
env.GATEWAY_ADMIN_PORT = ports.gatewayAdmin;
if (!external) env.E2E_KUBECONFIG = path.join(dataDir, 'kubeconfig');
// The console's first admin (auth.setup.ts signs in with it once, and the demo project's
// operator and viewer; each spec says whom it runs as with runAs() from e2e/support/personas.ts).
env.PORTICO_ADMIN_PASSWORD ??= 'e2e-admin-password';

export default defineConfig({
  testDir: './e2e',
  projects: [
    { name: 'setup', testMatch: 'auth.setup.ts' },
    { name: 'chromium', testMatch: '**/*.spec.ts', dependencies: ['setup'] },
  ],
  fullyParallel: false,
  workers: 1,
  retries: env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: external ?? `http://127.0.0.1:${ports.console}`,
    ...devices['Desktop Chrome'],
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: 'npx tsx scripts/start.ts',
        url: `http://127.0.0.1:${ports.console}/projects`,
        timeout: 600_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
        env: {
          PORT: ports.console,
          DEVCLUSTER_PORT: ports.devcluster,
          GATEWAY_HTTP_PORT: ports.gatewayHttp,
          GATEWAY_HTTPS_PORT: ports.gatewayHttps,
          GATEWAY_ADMIN_PORT: ports.gatewayAdmin,
          DATA_DIR: dataDir,
          PORTICO_ADMIN_PASSWORD: env.PORTICO_ADMIN_PASSWORD,
          // The product under test uses its own dev cluster, whatever the caller's shell says.
          KUBECONFIG: '',
        },
      },
});

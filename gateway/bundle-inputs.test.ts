// What the deployed gateway bundle is made of: no @kubernetes/client-node (~70 MB of RSS on its
// own; the gateway has its own client in kube/), no zod (building every kind's schema: ~13 MB;
// the gateway reads kind facts only), nothing from the dev cluster or the console.
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

describe('gateway bundle inputs', () => {
  it('holds no client-node, zod, devcluster/, server/, app/ or components/ module', async () => {
    const r = await build({
      entryPoints: [path.join(root, 'gateway/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      outfile: 'gateway.mjs',
      alias: { '@': root },
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs).map((f) => path.relative(root, path.resolve(f)));
    expect(inputs.some((f) => f.startsWith('gateway/kube/'))).toBe(true);
    expect(inputs.filter((f) => f.includes('@kubernetes/client-node'))).toEqual([]);
    expect(
      inputs.filter((f) => f.includes('node_modules/zod/') || f.startsWith('lib/k8s/schemas/')),
    ).toEqual([]);
    expect(inputs.filter((f) => /^(devcluster|server|app|components)\//.test(f))).toEqual([]);
  }, 60_000);
});

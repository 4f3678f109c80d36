// Bundles the gateway (gateway/main.ts + lib/ + its npm dependencies) into one ESM file that
// plain `node` runs: no TypeScript loader, no node_modules in the image.
//   node deploy/bundle-gateway.mjs [outfile]      (default dist/gateway.mjs)
// Used by deploy/gateway.Dockerfile and by deploy/scale-out.test.ts (which runs the bundle).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.resolve(process.argv[2] ?? path.join(root, 'dist/gateway.mjs'));

await build({
  entryPoints: [path.join(root, 'gateway/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  alias: { '@': root },
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "import { createRequire as __portico_createRequire } from 'node:module'; const require = __portico_createRequire(import.meta.url);" },
  legalComments: 'none',
  // No comments or indentation: a smaller source, and without the comments' non-ASCII characters
  // V8 keeps it as a one-byte string. Identifiers are kept (readable stack traces).
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
console.log(`gateway bundle: ${outfile}`);

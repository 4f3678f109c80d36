// Bundles the gateway (gateway/main.ts + lib/ + its npm dependencies) into an ESM entry file that
// plain `node` runs, and a chunks/ folder beside it: no TypeScript loader, no node_modules in the
// image. What the gateway imports on first use only (undici: TLS upstreams, mirrors, health
// checks; yaml: a YAML kubeconfig or static config) is a chunk of its own, so its source is not
// in every gateway's heap (undici alone is 0.7 MB of it).
//   node deploy/bundle-gateway.mjs [outfile]      (default dist/gateway.mjs, chunks in dist/chunks/)
// Used by deploy/gateway.Dockerfile and by deploy/scale-out.test.ts (which runs the bundle).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.resolve(process.argv[2] ?? path.join(root, 'dist/gateway.mjs'));

await build({
  entryPoints: { [path.basename(outfile, '.mjs')]: path.join(root, 'gateway/main.ts') },
  outdir: path.dirname(outfile),
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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

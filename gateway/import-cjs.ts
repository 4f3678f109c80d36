// A CommonJS package loaded with import() on first use. Under node (tsx, tests) import() of a
// CommonJS module gives its named exports and `default`; in the deployed bundle the package is a
// chunk of its own (deploy/bundle-gateway.mjs) whose only export is `default`, module.exports.
// Both become module.exports here.
export async function importCjs<T extends object>(load: () => Promise<T>): Promise<T> {
  const m = (await load()) as T & { default?: unknown };
  return m.default !== null && typeof m.default === 'object' ? (m.default as T) : m;
}

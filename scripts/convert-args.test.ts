// `npm run convert` refuses bad arguments before it reaches any cluster, naming the argument and the rule.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/convert.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, KUBECONFIG: '/nonexistent/kubeconfig' } });

describe('npm run convert: bad arguments', () => {
  it.each([
    [[], /-n NAMESPACE is required/],
    [['-n', 'Bad_NS'], /"Bad_NS" is not/],
    [['-n', 'demo', '--name', 'UPPER'], /--name "UPPER" must be a DNS-1123 subdomain/],
    [['-n', 'demo', '--gateway', 'portico'], /--gateway "portico" must be NAMESPACE\/NAME/],
    [['-n', 'demo', '--bogus'], /Unknown option '--bogus'/],
  ])('%j', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: npm run convert/);
  });
});

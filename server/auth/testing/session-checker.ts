/**
 * A second, independent console "replica" for tests: its own process, its own cache, the same
 * cluster. Reads one session cookie per stdin line and answers one JSON line each:
 * {"valid": true, "user": "..."} or {"valid": false}. Run with
 *   node --conditions=react-server --import tsx server/auth/testing/session-checker.ts
 * (react-server: `server-only` imports resolve as they do inside Next).
 */
import { createInterface } from 'node:readline';
import { validSession } from '../sessions';

const rl = createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    const s = await validSession(line.trim()).catch(() => undefined);
    process.stdout.write(JSON.stringify(s ? { valid: true, user: s.u } : { valid: false }) + '\n');
  });
});
process.stdout.write(JSON.stringify({ ready: true }) + '\n');

// The hand-built access log line must be what pino writes for the same fields.
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { AccessLogWriter, accessLogWriter, type AccessFields } from './access-log';

function capture() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (s: string) => void chunks.push(s) } };
}

const fields: AccessFields = {
  method: 'GET',
  host: 'shop.example.com',
  path: '/api/"quoted"\\back\u0001?q=1&é',
  status: 200,
  ms: 1.234,
  client: '127.0.0.1',
  route: 'Ingress/shop/web',
  backend: 'shop/web:80',
  endpoint: '127.0.80.1:8080',
  requestId: 'abc-123',
  error: undefined,
};

describe('AccessLogWriter', () => {
  it('writes the same JSON line as pino.info with the access logger', async () => {
    const viaPino = capture();
    const logger = pino({ base: { log: 'access' }, timestamp: pino.stdTimeFunctions.isoTime }, viaPino.stream);
    logger.info(fields);
    const ours = capture();
    const w = new AccessLogWriter(ours.stream, logger.bindings());
    w.write(fields);
    await new Promise((r) => setTimeout(r, 80));
    expect(ours.chunks).toHaveLength(1);
    const a = JSON.parse(viaPino.chunks[0]);
    const b = JSON.parse(ours.chunks[0]);
    expect(b.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    delete a.time;
    delete b.time;
    expect(b).toEqual(a);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(b).not.toHaveProperty('error');
  });

  it('batches lines into one write', async () => {
    const out = capture();
    const w = new AccessLogWriter(out.stream, { log: 'access' });
    for (let i = 0; i < 3; i++) w.write({ ...fields, status: 500 + i, error: 'upstream ECONNREFUSED' });
    expect(out.chunks).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(out.chunks).toHaveLength(1);
    const lines = out.chunks[0].trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual([500, 501, 502]);
    expect(lines[0].error).toBe('upstream ECONNREFUSED');
  });

  it('writes to the pino logger destination it belongs to', async () => {
    const out = capture();
    const logger = pino({ base: { log: 'access' } }, out.stream);
    accessLogWriter(logger).write(fields);
    expect(accessLogWriter(logger)).toBe(accessLogWriter(logger));
    await new Promise((r) => setTimeout(r, 80));
    expect(JSON.parse(out.chunks[0])).toMatchObject({ level: 30, log: 'access', path: fields.path, status: 200 });
  });
});

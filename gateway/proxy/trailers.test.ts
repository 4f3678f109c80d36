// Which trailer fields the proxy passes on, and how they are framed for HTTP/1.1.
import { describe, expect, it } from 'vitest';
import { lastChunk, trailerFields, trailerObject } from './trailers';

describe('trailers', () => {
  it('keeps end-to-end fields, joins repeated names, drops framing, hop-by-hop, pseudo and invalid fields', () => {
    expect(trailerFields(['grpc-status', '0', 'Grpc-Message', 'ok', 'x-a', '1', 'x-a', '2', 'content-length', '5', 'Connection', 'close', 'te', 'trailers', 'host', 'h', ':status', '200', 'x-bad', 'a\r\nb: c', 'bad name', 'v'])).toEqual({ 'grpc-status': '0', 'grpc-message': 'ok', 'x-a': '1, 2' });
    expect(trailerFields([Buffer.from('x-b'), Buffer.from('v')])).toEqual({ 'x-b': 'v' });
    expect(trailerFields(['transfer-encoding', 'chunked'])).toBeUndefined();
    expect(trailerFields(null)).toBeUndefined();
    expect(trailerObject({ ':status': '200', 'grpc-status': '3', 'x-m': ['a', 'b'] })).toEqual({ 'grpc-status': '3', 'x-m': 'a, b' });
  });

  it('frames the last chunk of a chunked body with its trailer section', () => {
    expect(lastChunk(undefined)).toBe('0\r\n\r\n');
    expect(lastChunk(['X-Sum', '42', 'content-length', '3', 'x-evil', 'a\r\nInjected: 1'])).toBe('0\r\nX-Sum: 42\r\n\r\n');
  });
});

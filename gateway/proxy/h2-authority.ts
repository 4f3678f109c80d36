// HTTP/2 counterpart of the HTTP/1.1 core's Host rules (./http1/framing.ts): RFC 9113 §8.3.1
// says :authority and Host, when both are present, must name the same authority (a request
// where they differ is malformed), and neither may carry userinfo. node's http2 server checks
// neither, so a request could be routed by one and seen by the backend under the other.
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import { validAuthority } from './http1/framing';

const BODY = '400 Bad Request\n';

/** True when :authority / Host are acceptable (valid uri-host[:port], and equal when both are sent). */
export function h2AuthorityOk(headers: IncomingHttpHeaders): boolean {
  const authority = headers[':authority'] as string | undefined;
  const host = headers.host;
  if (host !== undefined && (typeof host !== 'string' || !validAuthority(host))) return false;
  if (authority === undefined) return true;
  if (!validAuthority(authority)) return false;
  return host === undefined || host === authority || host.toLowerCase() === authority.toLowerCase();
}

/** The h2 request listener with the authority check in front (one wrapper per server, none per request). */
export function withAuthorityCheck(handler: (req: Http2ServerRequest, res: Http2ServerResponse) => void): (req: Http2ServerRequest, res: Http2ServerResponse) => void {
  return (req, res) => {
    if (h2AuthorityOk(req.headers)) {
      handler(req, res);
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain', 'content-length': BODY.length });
    res.end(BODY);
  };
}

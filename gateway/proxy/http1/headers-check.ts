// Header validation shared by the HTTP/1.1 core's responses and its upstream client: a name
// must be a token and a value must not carry control characters, so nothing a route or an
// upstream says can split a message.
export const HEADER_NAME = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
export const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

export function checkHeader(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
  if (BAD_HEADER_VALUE.test(value)) throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), { code: 'ERR_INVALID_CHAR' });
}

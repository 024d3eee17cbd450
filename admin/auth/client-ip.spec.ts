import express, { type Request } from 'express';
import { clientIpResolver } from './client-ip.js';
import { maskedIdentifier } from './login-identifier.js';

/** A request as Express sees it, from `peer` with the given X-Forwarded-For. */
function request(peer: string, forwardedFor?: string): Request {
  const socket = { remoteAddress: peer };
  return Object.assign(Object.create(express.request), {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    socket,
    connection: socket,
    app: express(), // the surrounding app trusts nothing: the resolver must not depend on it
  }) as Request;
}

test('with no trusted proxy, X-Forwarded-For is ignored: the peer is the client', () => {
  const ip = clientIpResolver([]);
  expect(ip(request('127.0.0.1', '203.0.113.9'))).toBe('127.0.0.1');
});

test("a trusted proxy's X-Forwarded-For is believed, up to the first untrusted hop", () => {
  const ip = clientIpResolver(['10.0.0.0/8']);
  expect(ip(request('10.0.0.5', '203.0.113.9'))).toBe('203.0.113.9');
  // A client that forges the header in front of the proxy: the proxy appended the real address.
  expect(ip(request('10.0.0.5', '198.51.100.66, 203.0.113.9'))).toBe('203.0.113.9');
  // Not from the proxy: the header is the client's own claim.
  expect(ip(request('192.0.2.10', '203.0.113.9'))).toBe('192.0.2.10');
});

test('an unknown login identifier is kept as its length and a keyed hash only', () => {
  const a = maskedIdentifier('Secret-Passw0rd', 'k1');
  expect(a).toMatch(/^unknown\(15 chars\)#[0-9a-f]{16}$/);
  expect(a).not.toContain('Secret');
  expect(maskedIdentifier('Secret-Passw0rd', 'k1')).toBe(a);
  expect(maskedIdentifier('Secret-Passw0rd', 'k2')).not.toBe(a);
  expect(maskedIdentifier('', 'k1')).toBe('(empty)');
});

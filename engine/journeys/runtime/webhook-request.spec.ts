import { createHmac } from 'node:crypto';
import { hostAllowed, verdictOfStatus, webhookBody, webhookHeaders } from './webhook-request.js';

describe('journey webhook request', () => {
  it('allows only configured hosts, with or without port', () => {
    expect(hostAllowed('https://crm.bank.internal/hook', ['crm.bank.internal'])).toBe(true);
    expect(hostAllowed('http://127.0.0.1:8443/x', ['127.0.0.1:8443'])).toBe(true);
    expect(hostAllowed('http://127.0.0.1:9999/x', ['127.0.0.1:8443'])).toBe(false);
    expect(hostAllowed('https://evil.example/x', ['crm.bank.internal'])).toBe(false);
    expect(hostAllowed('https://crm.bank.internal.evil.example/', ['crm.bank.internal'])).toBe(false);
    expect(hostAllowed('not a url', ['crm.bank.internal'])).toBe(false);
  });

  it('puts only the chosen keys in the body', () => {
    const body = webhookBody(['customerNo', 'nodeId'], {
      customerNo: 'C1',
      journeyId: 1,
      journeyVersion: 2,
      instanceId: '9',
      nodeId: 'n',
      enteredAt: 'x',
      entryEventType: null,
      entryEventProperties: null,
    });
    expect(JSON.parse(body)).toEqual({ customerNo: 'C1', nodeId: 'n' });
  });

  it('signs timestamp and body with HMAC-SHA256', () => {
    const h = webhookHeaders('{"a":1}', 'sekret', 'j1:n:1', 1_700_000_000_123);
    const expected = createHmac('sha256', 'sekret').update('1700000000.{"a":1}').digest('hex');
    expect(h['x-journey-signature']).toBe(`t=1700000000,v1=${expected}`);
    expect(h['idempotency-key']).toBe('j1:n:1');
  });

  it('retries what may succeed later and fails what never will', () => {
    expect(verdictOfStatus(204)).toEqual({ kind: 'ok' });
    expect(verdictOfStatus(503).kind).toBe('retry');
    expect(verdictOfStatus(429).kind).toBe('retry');
    expect(verdictOfStatus(400)).toEqual({ kind: 'fail', code: 'webhookRefused400' });
    expect(verdictOfStatus(404).kind).toBe('fail');
  });
});

import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthRoutes } from '../admin/http/health-routes.js';
import { baseUrl } from './support/test-env.js';
import { ConsoleClient } from './support/console-client.js';
import { testEnv } from './support/test-env.js';

test('/healthz says the process is up', async () => {
  const r = await fetch(`${baseUrl()}/healthz`);
  expect([r.status, await r.json()]).toEqual([200, { status: 'ok' }]);
});

test('/readyz checks MariaDB, Redis, Kafka and the ingestion consumer by name', async () => {
  const r = await fetch(`${baseUrl()}/readyz`);
  expect(r.status).toBe(200);
  expect(await r.json()).toEqual({ status: 'ready', checks: { mariadb: 'ok', redis: 'ok', kafka: 'ok', ingestion: 'ok' } });
});

test('/metrics exposes HTTP timings, queue depths and ingestion counters', async () => {
  await (await ConsoleClient.loggedIn('banker@demo.bank', testEnv.demoPassword)).request('/admin/api/resources/Customer/actions/list');
  const text = await (await fetch(`${baseUrl()}/metrics`)).text();
  expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="admin_api",status="200"\} [1-9]/);
  expect(text).toMatch(/bull_queue_jobs\{queue="housekeeping",state="completed"\} \d+/);
  expect(text).toContain('# TYPE kafka_consumer_lag gauge');
  expect(text).toContain('# TYPE ingestion_events_total counter');
  expect(text).toMatch(/^ingestion_consumer_up 1$/m);
  expect(text).toContain('# TYPE ingestion_consumer_restarts_total counter');
  expect(text).toContain('# TYPE ingestion_batch_failures_total counter');
  // The journey engine: queue depths of its queues and the channel queues, wake-up lag, step latency, outbox backlog.
  expect(text).toMatch(/bull_queue_jobs\{queue="journey-wake",state="waiting"\} \d+/);
  expect(text).toMatch(/bull_queue_jobs\{queue="send-push",state="waiting"\} \d+/);
  expect(text).toContain('# TYPE journey_wake_lag_seconds histogram');
  expect(text).toContain('# TYPE journey_step_seconds histogram');
  expect(text).toContain('# TYPE journey_instances gauge');
  expect(text).toContain('# TYPE outbox_backlog gauge');
});

test('an unknown console path never shows a stack trace', async () => {
  const c = await ConsoleClient.loggedIn('banker@demo.bank', testEnv.demoPassword);
  const r = await c.request('/admin/api/resources/NoSuchThing/actions/list');
  // AdminJS throws for an unknown resource; the error handler answers with a
  // reference the support desk can find in the log, and no stack.
  expect(r.status).toBe(500);
  expect(r.json()).toEqual({ error: 'internal error', ref: expect.stringMatching(/^[a-z0-9]{4,}$/) });
  expect(r.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
});

test('with a metrics token, /metrics answers only a scraper that sends it as a bearer token', async () => {
  const token = 'k'.repeat(40);
  const app = express().use(healthRoutes({}, [], { metricsToken: token }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  try {
    const without = await fetch(url);
    expect([without.status, without.headers.get('www-authenticate'), await without.text()]).toEqual([
      401,
      'Bearer realm="metrics"',
      'metrics need the bearer token configured in METRICS_TOKEN\n',
    ]);
    const wrong = await fetch(url, { headers: { authorization: `Bearer ${'k'.repeat(39)}x` } });
    expect(wrong.status).toBe(401);
    const right = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('# TYPE http_request_duration_seconds histogram');
    // Health stays open for load balancers.
    expect((await fetch(url.replace('/metrics', '/healthz'))).status).toBe(200);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

import { once } from 'node:events';

/** Stops the platform (SIGINT, as Ctrl-C would) and then the suite's broker. */
export default async function globalTeardown(): Promise<void> {
  const app = globalThis.__testApp;
  if (app && app.exitCode === null) {
    app.kill('SIGINT');
    const timer = setTimeout(() => app.kill('SIGKILL'), 20_000);
    await once(app, 'exit');
    clearTimeout(timer);
  }
  await globalThis.__testKafka?.stop();
}

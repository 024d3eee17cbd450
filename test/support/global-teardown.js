import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { default: run } = await tsImport('./global-teardown.impl.ts', import.meta.url);
  await run();
}

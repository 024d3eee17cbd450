// Jest loads global setup outside its transform pipeline (no `.js` -> `.ts`
// mapping), so the TypeScript implementation is loaded through tsx.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { default: run } = await tsImport('./global-setup.impl.ts', import.meta.url);
  await run();
}

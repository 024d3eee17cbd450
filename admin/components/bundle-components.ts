import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type AdminJS from 'adminjs';
// @ts-expect-error adminjs/bundler is exported without type declarations
import { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR } from 'adminjs/bundler';
import { transform } from 'esbuild';

/**
 * Builds the custom components bundle once at start, in every environment.
 * AdminJS itself bundles only in production and otherwise serves whatever
 * `.adminjs/bundle.js` is on disk, which can be stale from another checkout
 * state; its own production build is switched off so it does not run twice.
 *
 * The bundle is then minified (esbuild, the minifier AdminJS uses in
 * production): unminified it is 4 MB that every page load parses, which
 * bench:pages showed as seconds of script work before the first data request.
 */
export async function bundleComponents(admin: AdminJS): Promise<void> {
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR) });
  await componentsBundler.build();
  const output = path.join(ADMIN_JS_TMP_DIR as string, 'bundle.js');
  const { code } = await transform(await readFile(output, 'utf8'), { minify: true, legalComments: 'none', target: 'es2020' });
  await writeFile(output, code);
}

import type AdminJS from 'adminjs';
// @ts-expect-error adminjs/bundler is exported without type declarations
import { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR } from 'adminjs/bundler';

/**
 * Builds the custom components bundle once at start, in every environment.
 * AdminJS itself bundles only in production and otherwise serves whatever
 * `.adminjs/bundle.js` is on disk, which can be stale from another checkout
 * state; its own production build is switched off so it does not run twice.
 */
export async function bundleComponents(admin: AdminJS): Promise<void> {
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR) });
  await componentsBundler.build();
}

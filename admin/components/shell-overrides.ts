import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentLoader } from './component-loader.js';

/**
 * The console shell's replacements of AdminJS core components (registered
 * here rather than in the shared component-loader.ts): each keeps AdminJS's
 * behaviour and adds what the console needs — the bank's branding, both
 * languages, labels and keyboard access.
 */
const here = path.dirname(fileURLToPath(import.meta.url));

// The sign-in page: the bank's name and logo, labelled fields with autocomplete hints, a language choice.
componentLoader.override('Login', path.join(here, 'login'));
// An empty list under a filter says that nothing matched, not that there is no data.
componentLoader.override('NoRecords', path.join(here, 'no-records'));

// Loaded with `node --import <this file>` by e2e/desktop/harness.ts: installs the resolve hook that
// maps the specifier `electron` to the stand-in (./electron.mjs) before the main bundle loads.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

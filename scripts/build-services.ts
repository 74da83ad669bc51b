// Builds the TypeScript services into self-contained folders an installed app can run:
//   out/services/<name>/main.mjs       one ESM bundle (the SDK, @nats-io/*, ajv, ... inside)
//   out/services/<name>/service.json   the manifest, launched as `${node} main.mjs`
//   out/services/<name>/...            the service's run-time files (operators.json, plugins/)
//   out/services/.built.json           { builtAt, sources } for src/host/services.ts
// An installed Electron app cannot run `bin/f8-service.mjs src/main.ts`: there is no tsx, and
// packages inside app.asar cannot be resolved from app.asar.unpacked. A bundle needs neither, and
// a copy of its folder runs from anywhere.
//
// Usage: npx tsx scripts/build-services.ts [--out DIR]   (npm run build:services)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BUILT_MARKER, newestSourceMtime, type BuiltMarker } from '../src/host/services.js';
import { generate } from './gen-validators.js';
import type { SchemaName } from '../src/shared/schemas.js';
import { INSTANCE_VERB_INFO, INSTANCE_VERBS } from '../src/shared/verbs.js';

/**
 * Validators a service compiles on its first use, precompiled into its bundle (ajv's standalone
 * code, as the renderer has them): compiling the manifest's schema alone took ~280 ms of every
 * start, the envelopes' ~50 ms on the first request and reply. With all of them in, a service
 * never builds ajv's contract instance (only a value schema of its own, e.g. a state field's, is
 * compiled at run time). The envelopes' `ts` is checked as a date-time, with ajv-formats' check.
 */
export const SERVICE_SCHEMAS: readonly SchemaName[] = [
  'manifest',
  'operator-spec',
  'subgraph',
  'status-summary',
  'state-entry',
  'half-edge',
  'envelope-request',
  'envelope-reply',
  ...INSTANCE_VERBS.map((v): SchemaName => INSTANCE_VERB_INFO[v].schema),
];

/** An esbuild plugin: `f8:validators` is the generated module, `f8:install` installs it, `f8:entry` runs both before the service. */
let generated: string | undefined;

function precompiledValidators(root: string, entry: string): Plugin {
  const code = (generated ??= generate(SERVICE_SCHEMAS, { formats: true })); // the same module for every service
  const schemas = path.join(root, 'src', 'shared', 'schemas.ts');
  const modules: Record<string, string> = {
    'f8:validators': code,
    'f8:install': `import { validators } from 'f8:validators';\nimport { installValidators } from ${JSON.stringify(schemas)};\ninstallValidators(validators);\n`,
    // ESM evaluates imports in order: the validators are in place before the service's own code runs
    'f8:entry': `import 'f8:install';\nimport ${JSON.stringify(entry)};\n`,
  };
  return {
    name: 'f8-precompiled-validators',
    setup(b) {
      b.onResolve({ filter: /^f8:(validators|install|entry)$/ }, (args) => ({ path: args.path, namespace: 'f8' }));
      b.onLoad({ filter: /.*/, namespace: 'f8' }, (args) => ({ contents: modules[args.path] ?? '', resolveDir: root, loader: 'js' }));
    },
  };
}

/**
 * ajv evaluated on first use: with the contract's validators precompiled, a service compiles a
 * schema only for a value schema of its own (a state field's, a command's params), often never.
 * src/shared/schemas.ts imports `Ajv` and ajv-formats at its top; in a bundle those imports get
 * these stand-ins, which `require()` the real CommonJS packages (esbuild evaluates a bundled
 * CommonJS module on its first require) when an instance is made or the plugin applied.
 */
const LAZY_AJV: Record<string, string> = {
  'lazy-ajv': `let real;
const load = () => (real ??= require('ajv'));
export class Ajv {
  constructor(opts) {
    return new (load().Ajv)(opts);
  }
}
`,
  'lazy-ajv-formats': `export default function addFormats(ajv, opts) {
  let plugin = require('ajv-formats');
  for (let i = 0; i < 3 && typeof plugin !== 'function'; i++) plugin = plugin && plugin.default;
  return plugin(ajv, opts);
}
`,
};

function lazyAjv(schemasModule: string): Plugin {
  const stand = (p: string): string | undefined => (p === 'ajv' ? 'lazy-ajv' : p === 'ajv-formats' ? 'lazy-ajv-formats' : undefined);
  return {
    name: 'f8-lazy-ajv',
    setup(b) {
      b.onResolve({ filter: /^ajv(-formats)?$/ }, (args) => {
        const name = stand(args.path);
        return name && path.resolve(args.importer) === schemasModule ? { path: name, namespace: 'f8-lazy' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'f8-lazy' }, (args) => ({ contents: LAZY_AJV[args.path] ?? '', resolveDir: path.dirname(schemasModule), loader: 'js' }));
    },
  };
}

const NODE = '${node}';
const RUNNER = 'bin/f8-service.mjs';
const BUNDLE = 'main.mjs';
/** Top-level entries of a service folder that are build inputs, not run-time files. */
const NOT_COPIED = new Set(['service.json', 'src', 'scripts', 'node_modules', 'test', 'tests', '__fixtures__']);

// Some bundled CommonJS packages call require() (node builtins, JSON); an ESM file has no
// require of its own, so give the bundle one. The odd name keeps clear of the bundle's own names.
const BANNER = "import { createRequire as __f8CreateRequire } from 'node:module';\nconst require = __f8CreateRequire(import.meta.url);";

export interface BuildServicesOptions {
  /** The project root (the folder with package.json, services/ and src/). */
  root: string;
  /** Where the service folders go; default <root>/out/services. Replaced as a whole. */
  outDir?: string;
  /** Progress lines; default none. */
  log?: (line: string) => void;
}

export interface BuiltService {
  name: string;
  dir: string;
  bundleBytes: number;
}

export interface BuildServicesResult {
  outDir: string;
  built: BuiltService[];
  /** Services left out, with the reason (e.g. a launch that is not `${node} bin/f8-service.mjs <entry.ts>`). */
  skipped: { name: string; reason: string }[];
}

interface Launch {
  command: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export async function buildServices(opts: BuildServicesOptions): Promise<BuildServicesResult> {
  const root = path.resolve(opts.root);
  const outDir = path.resolve(opts.outDir ?? path.join(root, 'out', 'services'));
  const log = opts.log ?? (() => {});
  // read before bundling: a source saved while we bundle then counts as newer than the build
  const sources = newestSourceMtime(root) ?? 0;
  // build beside the target and swap at the end: a failed build leaves the previous one whole
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const result: BuildServicesResult = { outDir, built: [], skipped: [] };
  try {
    const servicesDir = path.join(root, 'services');
    for (const name of fs.readdirSync(servicesDir).sort()) {
      const manifestPath = path.join(servicesDir, name, 'service.json');
      if (!fs.existsSync(manifestPath)) continue;
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { launch?: Launch };
      const plan = planService(root, path.join(servicesDir, name), manifest.launch);
      if (typeof plan === 'string') {
        result.skipped.push({ name, reason: plan });
        log(`skipped ${name}: ${plan}`);
        continue;
      }
      const dest = path.join(staging, name);
      copyRunTimeFiles(path.join(servicesDir, name), dest);
      const outfile = path.join(dest, BUNDLE);
      await build({
        entryPoints: ['f8:entry'],
        plugins: [precompiledValidators(root, plan.entry), lazyAjv(path.join(root, 'src', 'shared', 'schemas.ts'))],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        banner: { js: BANNER },
        sourcemap: false,
        legalComments: 'none',
        // less source for V8 to read and keep (1.6 -> 1.1 MB, ~2 MiB of heap at idle); names are
        // kept, so a stack trace still says which function threw
        minifyWhitespace: true,
        minifySyntax: true,
        logLevel: 'warning',
        // the engine imports plugins by a run-time path: esbuild leaves a non-literal import() alone
      });
      const launch: Launch = { command: NODE, args: [relativeBundle(dest, plan.cwd), ...plan.rest] };
      if (manifest.launch?.cwd !== undefined) launch.cwd = manifest.launch.cwd;
      if (manifest.launch?.env !== undefined) launch.env = manifest.launch.env;
      fs.writeFileSync(path.join(dest, 'service.json'), `${JSON.stringify({ ...manifest, launch }, null, 2)}\n`);
      const bundleBytes = fs.statSync(outfile).size;
      result.built.push({ name, dir: path.join(outDir, name), bundleBytes });
      log(`built ${name}: ${path.relative(root, path.join(outDir, name, BUNDLE))} (${(bundleBytes / 1024).toFixed(0)} KiB)`);
    }
    const marker: BuiltMarker = { builtAt: Date.now(), sources };
    fs.writeFileSync(path.join(staging, BUILT_MARKER), `${JSON.stringify(marker)}\n`);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    fs.renameSync(staging, outDir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return result;
}

/** The entry, the working folder (relative to the service folder) and extra args; or why it cannot be bundled. */
function planService(root: string, dir: string, launch: Launch | undefined): { entry: string; cwd: string; rest: string[] } | string {
  const args = launch?.args ?? [];
  if (launch?.command !== NODE) return `launch.command is not ${NODE}`;
  const cwd = path.resolve(dir, launch.cwd ?? '.');
  const [runner, entry, ...rest] = args;
  if (runner === undefined || path.resolve(cwd, runner) !== path.join(root, RUNNER)) return `launch.args does not start with the path of ${RUNNER}`;
  if (entry === undefined || !entry.endsWith('.ts')) return 'launch.args names no .ts entry after the runner';
  const entryPath = path.resolve(cwd, entry);
  if (!fs.existsSync(entryPath)) return `the entry ${entry} does not exist`;
  const relCwd = path.relative(dir, cwd);
  // a working folder outside the service folder would not be part of the copy
  if (relCwd.startsWith('..') || path.isAbsolute(relCwd)) return `launch.cwd ${launch.cwd} leads outside the service folder`;
  return { entry: entryPath, cwd: relCwd, rest };
}

/** main.mjs as seen from the process's working folder (the service folder unless launch.cwd says otherwise). */
function relativeBundle(dest: string, relCwd: string): string {
  const cwd = path.join(dest, relCwd);
  fs.mkdirSync(cwd, { recursive: true });
  return path.relative(cwd, path.join(dest, BUNDLE)).split(path.sep).join('/');
}

/**
 * Copies what a service reads from its own folder at run time: everything at its top level but
 * the manifest (rewritten), its sources and tests. TypeScript files are never copied, so the
 * folder holds no .ts file (e.g. operators.json and plugins/ of the engine, not operators.test.ts).
 */
function copyRunTimeFiles(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (NOT_COPIED.has(e.name)) continue;
    fs.cpSync(path.join(from, e.name), path.join(to, e.name), {
      recursive: true,
      filter: (src) => path.basename(src) !== 'node_modules' && !/\.(c|m)?ts$/.test(src),
    });
  }
}

// Run as a script (not when imported by a test).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? process.argv[i + 1] : undefined;
  const root = path.resolve(import.meta.dirname, '..');
  try {
    const r = await buildServices({ root, ...(outDir ? { outDir } : {}), log: (l) => console.log(l) });
    console.log(`${r.built.length} service(s) built into ${path.relative(process.cwd(), r.outDir) || '.'}${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}`);
  } catch (err) {
    console.error(`build-services: ${(err as Error).message}`);
    process.exit(1);
  }
}

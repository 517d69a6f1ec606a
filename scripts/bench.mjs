// `npm run bench`: every benchmark, each printing its figures beside a baseline of the same run:
//   core     tests/bench/core-bench.ts (src/core in Node, with a large heap and an exposed GC);
//   import   scripts/bench-import.mjs (the built extension in Chromium: library import, cold wake);
//   content  tests/bench/content-cost.mjs (the content script's cost per frame and its memory);
//   readers  tests/bench/readers-bench.ts (every reader on pathological inputs, 100 KB vs 1 MB);
//   hostile  tests/bench/hostile-files-bench.ts (zip bombs and pathological text in the options
//            page: seconds to the result, the renderers' memory peak and the page's longest
//            main-thread task, beside honest files; RECITAL_DIST=<dist> measures another build);
//   audit    scripts/bench-audit.mjs (the built `recital audit`: 10,000 turns against the
//            development library as EPUB, beside the same library as plain text).
//   saved-index  tests/bench/saved-index-bench.ts (the CLI: `recital index` on a generated 1 GB
//            library, and `scan --index` against `scan` indexing anew; `--mb N` for a smaller one).
// `--only core,content` picks some; other arguments pass to the core bench, e.g.
// `npm run bench -- --only core --big-mb 200 --scans 30 --fuse-sentences 4 --corpus ../shared/corpus`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.bench');
const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = new Set(
  onlyAt >= 0
    ? (argv[onlyAt + 1] ?? '').split(',')
    : ['core', 'import', 'content', 'readers', 'hostile', 'audit', 'saved-index'],
);
const coreArgs = onlyAt >= 0 ? argv.filter((_, i) => i !== onlyAt && i !== onlyAt + 1) : argv;
const failures = [];

const run = (title, command, args) => {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failures.push(title);
};

/** Bundles a TypeScript bench for Node into .bench/; the e2e harness finds the project root. */
const buildBench = (entry, outName) =>
  build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    // The harness locates dist/ and the fixtures from its own folder, which bundling moves.
    define: { 'import.meta.dirname': JSON.stringify(path.join(root, 'tests/e2e')) },
    build: {
      ssr: path.join(root, entry),
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { entryFileNames: outName } },
    },
  });

if (only.has('core')) {
  await buildBench('tests/bench/core-bench.ts', 'core-bench.mjs');
  run('matching core (Node)', process.execPath, [
    '--max-old-space-size=12288',
    '--expose-gc',
    path.join(outDir, 'core-bench.mjs'),
    ...coreArgs,
  ]);
}

if (only.has('readers')) {
  await buildBench('tests/bench/readers-bench.ts', 'readers-bench.mjs');
  run('readers on pathological inputs (Node)', process.execPath, [
    path.join(outDir, 'readers-bench.mjs'),
  ]);
}

if (only.has('saved-index')) {
  await buildBench('tests/bench/saved-index-bench.ts', 'saved-index-bench.mjs');
  run('saved index (the recital CLI)', process.execPath, [
    '--max-old-space-size=12288',
    path.join(outDir, 'saved-index-bench.mjs'),
    ...coreArgs,
  ]);
}

if (only.has('import') || only.has('content') || only.has('hostile')) {
  run('Chromium check', process.execPath, [path.join(root, 'scripts/ensure-chromium.mjs')]);
  run('extension build', 'npm', ['run', 'build:ext', '--silent']);
  if (only.has('import'))
    run('library import and wake (Chromium)', process.execPath, [
      path.join(root, 'scripts/bench-import.mjs'),
    ]);
  if (only.has('content'))
    run('content script on the page (Chromium)', process.execPath, [
      path.join(root, 'tests/bench/content-cost.mjs'),
    ]);
  if (only.has('hostile')) {
    await buildBench('tests/bench/hostile-files-bench.ts', 'hostile-files-bench.mjs');
    run('hostile files in the options page (Chromium)', process.execPath, [
      path.join(outDir, 'hostile-files-bench.mjs'),
    ]);
  }
}

if (only.has('audit')) {
  run('CLI build', 'npm', ['run', 'build:cli', '--silent']);
  run('recital audit: EPUB library beside plain text (Node)', process.execPath, [
    path.join(root, 'scripts/bench-audit.mjs'),
  ]);
}

if (failures.length > 0) {
  console.error(`\nbench parts that did not finish: ${failures.join(', ')}`);
  process.exitCode = 1;
}

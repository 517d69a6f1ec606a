// `npm run bench`: bundles tests/bench/core-bench.ts (with src/core) into .bench/ and runs it in a
// Node with a large heap and an exposed GC. Arguments pass through, e.g.
// `npm run bench -- --big-mb 200 --scans 30 --fuse-sentences 4 --corpus ../shared/corpus`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.bench');

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: path.join(root, 'tests/bench/core-bench.ts'),
    outDir,
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'core-bench.mjs' } },
  },
});

const run = spawnSync(
  process.execPath,
  [
    '--max-old-space-size=12288',
    '--expose-gc',
    path.join(outDir, 'core-bench.mjs'),
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exitCode = run.status ?? 1;

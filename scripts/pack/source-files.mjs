// What the AMO source bundle holds: everything `npm ci` and the Firefox build read (docs/store.md,
// "Build from the source bundle"), and the pack script itself, so a reviewer can rebuild the
// add-on and compare it with the uploaded one. Tests, benchmarks and samples are left out.
import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from './zip-folder.mjs';

const FILES = [
  'package.json',
  'package-lock.json',
  'manifest.json',
  'vite.config.ts',
  'tsconfig.json',
  'scripts/pack.mjs',
  'README.md',
  'LICENSE',
  'PRIVACY.md',
  'docs/store.md',
];
const FOLDERS = ['src', 'public', 'scripts/pack'];

/** The bundle's files, as sorted paths relative to `root`; throws when one is missing. */
export function sourceFiles(root) {
  const missing = FILES.filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length > 0) throw new Error(`The source bundle needs ${missing.join(', ')}.`);
  const inFolders = FOLDERS.flatMap((folder) =>
    listFiles(path.join(root, folder)).map((file) => `${folder}/${file}`),
  );
  return [...FILES, ...inFolders];
}

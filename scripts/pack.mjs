// npm run pack: builds the extension for Chrome and for Firefox, lints both with web-ext, and
// writes the store zips and the AMO source bundle to release/, named with package.json's
// version. The zips are the same bytes on every run from the same sources (pack/zip-folder.mjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from './pack/source-files.mjs';
import { lintBuild } from './pack/web-ext-lint.mjs';
import { zipExtension, zipFolder } from './pack/zip-folder.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RELEASE = path.join(ROOT, 'release');
const VITE = path.join(ROOT, 'node_modules/vite/bin/vite.js');
const TARGETS = [
  { target: 'chrome', dir: 'dist' },
  { target: 'firefox', dir: 'dist-firefox' },
];

function build(target) {
  console.log(`Building for ${target}…`);
  execFileSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, BROWSER: target },
  });
}

function write(name, bytes) {
  const file = path.join(RELEASE, name);
  fs.writeFileSync(file, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  console.log(`  release/${name}  ${(bytes.length / 1e6).toFixed(2)} MB  sha256 ${sha256}`);
}

async function main() {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const { target, dir } of TARGETS) {
    build(target);
    console.log(`  web-ext lint: ${await lintBuild(path.join(ROOT, dir), target)}`);
  }
  fs.mkdirSync(RELEASE, { recursive: true });
  console.log(`Writing release ${version}:`);
  for (const { target, dir } of TARGETS) {
    write(`recital-${target}-${version}.zip`, zipExtension(path.join(ROOT, dir), version));
  }
  write(`recital-source-${version}.zip`, zipFolder(ROOT, sourceFiles(ROOT)));
}

try {
  await main();
} catch (error) {
  console.error(`npm run pack failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

// Store zips that are the same bytes on every machine and every run: entries sorted by path, one
// fixed timestamp, fixed compression, no directory entries, no owner or permission bits. A store
// reviewer (AMO) who rebuilds from the source bundle can then compare the files byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';

// Built from local-time fields, so the DOS timestamp fflate writes does not depend on the time
// zone (a Date from UTC milliseconds would be written as a different local time elsewhere).
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

/** Every file under `dir`, as sorted forward-slash paths relative to it. */
export function listFiles(dir) {
  const found = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(child);
      else throw new Error(`${path.join(dir, child)} is neither a file nor a folder.`);
    }
  };
  walk('');
  return found.sort(comparePaths);
}

// By UTF-16 code unit, not locale: the same order whatever the machine's language.
function comparePaths(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A zip of the given files of `dir` (default: all of them), the same bytes for the same files. */
export function zipFolder(dir, files = listFiles(dir)) {
  const entries = {};
  for (const file of [...files].sort(comparePaths)) {
    entries[file] = [fs.readFileSync(path.join(dir, file)), { mtime: FIXED_MTIME, level: 9 }];
  }
  return zipSync(entries);
}

/**
 * The zip of a built extension, after checking that its manifest carries `version` (a build
 * left over from another version must not be packed under this one's name).
 */
export function zipExtension(dir, version) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${dir} has no manifest.json: build it first.`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  if (manifest.version !== version) {
    throw new Error(
      `${manifestPath} says version ${String(manifest.version)}, package.json ${version}: build again.`,
    );
  }
  return zipFolder(dir);
}

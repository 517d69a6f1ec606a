// Runs `web-ext lint` on a build and holds its findings against what a release may carry
// (lint-allowances.mjs): any error, or any warning not explained there, fails the pack.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIREFOX_ONLY_CODES, LINT_ALLOWANCES } from './lint-allowances.mjs';

// web-ext's package exports hide its bin and package.json from require.resolve.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_EXT = path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js');

/** `assets/lib-Hn3F9zJl.js` → `assets/lib.js`: the content hash changes with every edit. */
export function unhashed(file) {
  return file.replace(/-[A-Za-z0-9_-]{8}(\.m?js|\.css)$/, '$1');
}

function runLint(dir) {
  let stdout;
  try {
    stdout = execFileSync(
      process.execPath,
      [WEB_EXT, 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
    );
  } catch (error) {
    // web-ext exits non-zero when there are errors; the report is still on stdout.
    stdout = error.stdout ?? '';
  }
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`web-ext lint on ${dir} printed no report.`);
  return JSON.parse(stdout.slice(start));
}

/**
 * What in a lint report a release may not carry, as sentences (empty when it may ship).
 * `target` 'chrome' leaves out the Firefox-only codes.
 */
export function lintProblems(report, target) {
  const skip = (m) => target === 'chrome' && FIREFOX_ONLY_CODES.includes(m.code);
  const problems = report.errors
    .filter((m) => !skip(m))
    .map((m) => `error ${m.code} in ${m.file ?? 'the build'}: ${m.message}`);
  const counts = new Map();
  for (const m of report.warnings.filter((w) => !skip(w))) {
    const key = `${m.code} ${unhashed(m.file ?? '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    const [code, file] = key.split(' ');
    const allowed = LINT_ALLOWANCES.find((a) => a.code === code && a.file === file);
    if (!allowed) problems.push(`warning ${code} in ${file}, not explained in docs/store.md`);
    else if (count > allowed.count)
      problems.push(`${count} warnings ${code} in ${file}, ${allowed.count} explained`);
  }
  return problems;
}

/** Lints a build; throws with every problem listed when it may not ship. */
export function lintBuild(dir, target) {
  const report = runLint(dir);
  const problems = lintProblems(report, target);
  const firefoxOnly = [...report.errors, ...report.warnings].filter(
    (m) => target === 'chrome' && FIREFOX_ONLY_CODES.includes(m.code),
  ).length;
  const summary =
    `${report.summary.errors} errors, ${report.summary.warnings} warnings, ` +
    `${report.summary.notices} notices` +
    (firefoxOnly > 0 ? ` (${firefoxOnly} of them about Firefox only, not counted)` : '');
  if (problems.length > 0)
    throw new Error(`web-ext lint (${target}, ${dir}): ${summary}\n  ${problems.join('\n  ')}`);
  return summary;
}

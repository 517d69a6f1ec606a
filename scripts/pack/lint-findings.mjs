// Which web-ext lint findings a release may carry (lint-allowances.mjs): any error, or any
// warning not explained there, is a problem.
import { FIREFOX_ONLY_CODES, LINT_ALLOWANCES } from './lint-allowances.mjs';

/** `assets/lib-Hn3F9zJl.js` → `assets/lib.js`: the content hash changes with every edit. */
export function unhashed(file) {
  return file.replace(/-[A-Za-z0-9_-]{8}(\.m?js|\.css)$/, '$1');
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

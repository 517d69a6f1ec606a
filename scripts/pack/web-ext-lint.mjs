// Runs `web-ext lint` on a build and fails it on what a release may not carry (lint-findings.mjs).
import { cmd } from 'web-ext';
import { FIREFOX_ONLY_CODES } from './lint-allowances.mjs';
import { lintProblems } from './lint-findings.mjs';

// web-ext's own API, printing nothing: the report comes back as data.
function runLint(dir) {
  return cmd.lint({ sourceDir: dir, output: 'none' }, { shouldExitProgram: false });
}

/** Lints a build; throws with every problem listed when it may not ship. */
export async function lintBuild(dir, target) {
  const report = await runLint(dir);
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

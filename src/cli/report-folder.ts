// `recital audit --out DIR` replaces an earlier report in DIR, so it must never take a folder that
// holds anything else: a user's own report.html or spreadsheet would be overwritten silently.
import fs from 'node:fs';
import path from 'node:path';

const FINAL = ['report.html', 'matches.csv', 'matches.jsonl'];
// What an interrupted run can leave (write-audit-report.ts writes these, then renames them).
const PARTIAL = [...FINAL, 'replies.html'].map((name) => `.${name}.partial`);

// Every report.html the writer makes starts with this title, well inside the first 2 KB.
const REPORT_TITLE = '<title>Recital evidence report';
const HEAD_BYTES = 2048;

function startsLikeReport(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    return head.subarray(0, n).toString('utf8').includes(REPORT_TITLE);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Why the report cannot be written into `dir`, or undefined when it can: `dir` is missing (it
 * is created), empty, or holds only an earlier Recital report (and what an interrupted run left).
 */
export function refuseReportFolder(dir: string): string | undefined {
  let entries: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) return `--out ${dir} is a file, not a folder`;
    entries = fs.readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return `cannot use --out ${dir} (${code ?? String(error)})`;
  }
  const others = entries.filter((name) => !FINAL.includes(name) && !PARTIAL.includes(name));
  const hasFinal = entries.some((name) => FINAL.includes(name));
  const isReport = !hasFinal || startsLikeReport(path.join(dir, 'report.html'));
  if (others.length === 0 && isReport) return undefined;
  const shown = others.length > 0 ? others : entries.filter((name) => FINAL.includes(name));
  const listed = shown.slice(0, 3).join(', ') + (shown.length > 3 ? `, … (${shown.length})` : '');
  return `--out ${dir} is not empty and holds no earlier Recital report (it has ${listed}); give a new or empty folder, so that none of its files is overwritten`;
}

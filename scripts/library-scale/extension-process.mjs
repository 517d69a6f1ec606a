// The Chromium process that hosts the extension's service worker (and its pages): the renderer
// started with --extension-process, read from /proc (Linux). Its memory, and its CPU time with
// the storage service's (where IndexedDB writes), to tell when background work has ended. RSS is what the
// process has resident now; PSS shares its shared pages out among the processes using them;
// the peak is VmHWM, reset before a wake (clear_refs 5) so that it covers only that wake.
import fs from 'node:fs';
import { browserProcessKinds } from '../chromium-thread-cpu.mjs';

const kb = (text, field) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);

/** The extension process's pid; throws when there is not exactly one. */
export function extensionPid(userDataDir) {
  const pids = browserProcessKinds(userDataDir)
    .filter((p) => p.kind === 'extension')
    .map((p) => p.pid);
  if (pids.length !== 1)
    throw new Error(`expected one extension process, found ${pids.length} (${pids.join(', ')})`);
  return pids[0];
}

/** Whether process `pid` runs the service worker's thread now (Chromium names it ServiceWorker…). */
export function hostsServiceWorker(pid) {
  return fs.readdirSync(`/proc/${pid}/task`).some((tid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('ServiceWorker');
    } catch {
      return false;
    }
  });
}

/** RSS, PSS and peak RSS (VmHWM) in MB of process `pid`. */
export function readMemory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return {
    rss: kb(status, 'VmRSS') / 1024,
    pss: kb(rollup, 'Pss') / 1024,
    peak: kb(status, 'VmHWM') / 1024,
  };
}

/** Resets the process's peak RSS to its current RSS; false where the kernel does not allow it. */
export function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const TICKS_PER_SECOND = 100;

/** CPU ms used so far by the extension process and the storage service process. */
export function extensionCpuMs(userDataDir) {
  let ms = 0;
  for (const { pid, kind } of browserProcessKinds(userDataDir)) {
    if (kind !== 'extension' && kind !== 'StorageService') continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch {
      // The process exited while we read.
    }
  }
  return ms;
}

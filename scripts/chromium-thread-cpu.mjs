// CPU time that each thread of a running Chromium spends, read from /proc (Linux): where an
// import's time goes, beside its wall time. Threads that exit between samples (import workers
// closed at the end of a batch) keep what the last sample saw.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** Thread names Linux truncates to 15 characters, as people know them. */
const THREAD_NAMES = [
  [/^DedicatedWorker/, 'dedicated workers'],
  [/^ServiceWorker/, 'service worker'],
  [/^CrRendererMain|^chromium$/, 'main thread'],
  [/^ThreadPool/, 'thread pool'],
  [/^Chrome_(Child)?IOT/, 'IO thread'],
];

function processKind(cmdline) {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser';
  if (type === 'renderer')
    return cmdline.includes('--extension-process') ? 'extension' : 'page renderer';
  if (type === 'utility')
    return /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1]?.split('.').pop() ?? 'utility';
  return type;
}

function threadName(comm) {
  return THREAD_NAMES.find(([pattern]) => pattern.test(comm))?.[1] ?? comm;
}

function listDir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readProcesses() {
  const processes = new Map();
  for (const pid of listDir('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      processes.set(pid, { cmdline, parent });
    } catch {
      // The process exited while we read.
    }
  }
  return processes;
}

/** The processes of the browser started with `userDataDir`: its own and all it started. */
function browserProcesses(userDataDir) {
  const processes = readProcesses();
  const isOurs = (pid, depth = 0) => {
    const p = processes.get(pid);
    if (!p || depth > 10) return false;
    return p.cmdline.includes(`--user-data-dir=${userDataDir}`) || isOurs(p.parent, depth + 1);
  };
  return [...processes].filter(
    ([pid, p]) => /chrom/.test(p.cmdline.split('\0')[0] ?? '') && isOurs(pid),
  );
}

/** Each process of the browser started with `userDataDir`, with its kind ('extension', ...). */
export function browserProcessKinds(userDataDir) {
  return browserProcesses(userDataDir).map(([pid, { cmdline }]) => ({
    pid,
    kind: processKind(cmdline),
  }));
}

function readThreads(userDataDir) {
  const threads = new Map();
  for (const [pid, { cmdline }] of browserProcesses(userDataDir)) {
    const kind = processKind(cmdline);
    for (const tid of listDir(`/proc/${pid}/task`)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
        threads.set(`${pid}/${tid}`, { group: `${kind}: ${threadName(comm)}`, ms });
      } catch {
        // The thread exited while we read.
      }
    }
  }
  return threads;
}

/**
 * Starts sampling the browser that runs with `userDataDir` (other browsers on the machine are
 * left out); `stop()` returns the CPU ms each group of threads used since, and the total.
 * Empty where /proc is missing (not Linux).
 */
export function sampleThreadCpu(userDataDir, everyMs = 200) {
  const start = readThreads(userDataDir);
  const last = new Map(start);
  const timer = setInterval(() => {
    for (const [key, value] of readThreads(userDataDir)) last.set(key, value);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      for (const [key, value] of readThreads(userDataDir)) last.set(key, value);
      const groups = new Map();
      for (const [key, { group, ms }] of last) {
        const used = ms - (start.get(key)?.ms ?? 0);
        if (used > 0) groups.set(group, (groups.get(group) ?? 0) + used);
      }
      const total = [...groups.values()].reduce((a, b) => a + b, 0);
      return { groups: [...groups].sort((a, b) => b[1] - a[1]), total };
    },
  };
}

// The content bench's trace reading: per-frame costs of the extension's calls and tasks from
// a devtools.timeline trace, bucketed by the page's animation frames.

/** Index of the frame whose [start, next start) holds `t`; -1 before the first, frames.length - 1 after the last. */
export function frameIndexAt(frames, t) {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (frames[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The events of a trace recorded with transferMode 'ReturnAsStream'. */
export async function readTraceStream(cdp, handle) {
  const chunks = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle, size: 1 << 22 });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle });
  const trace = JSON.parse(chunks.join(''));
  return Array.isArray(trace) ? trace : trace.traceEvents;
}

/**
 * Exact per-frame time from a devtools.timeline trace: the top-level FunctionCall events of the
 * extension's scripts (its callbacks: mutation observer, animation frame, timers, port
 * messages, and everything they call, DOM work included) on the page's main thread, bucketed
 * by the page's animation frames through a user-timing mark. Two figures per frame: wall time
 * (`dur`) and the main thread's CPU time in those calls (`tdur`); on a busy 2-core machine the
 * OS can deschedule the thread in the middle of a call, which only the wall time counts. The
 * calls before the first streamed frame (and the script's evaluation) are summed apart. Port
 * messages and promise continuations count too, while the reply streams (see indirectTasks).
 */
export function traceFrameCosts(events, timings) {
  const mark = events.find((e) => e.name === 'recital-bench-clock' && e.ph !== 'e');
  if (!mark) throw new Error('trace has no clock mark');
  const offsetUs = mark.ts - timings.traceMarkAt * 1000;
  const onMain = (e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X';
  const isExtensionCall = (e) =>
    (e.name === 'FunctionCall' || e.name === 'EvaluateScript') &&
    String(e.args?.data?.url ?? '').startsWith('chrome-extension://');
  const frames = Math.max(0, timings.frames.length - 1);
  const frameOf = (e) => frameIndexAt(timings.frames, (e.ts - offsetUs) / 1000);
  const calls = [
    ...events.filter((e) => onMain(e) && isExtensionCall(e)),
    ...indirectTasks(events, onMain, isExtensionCall).filter(
      (task) => frameOf(task) >= 0 && frameOf(task) < frames,
    ),
  ].sort((a, b) => a.ts - b.ts);
  // The page's own script per frame: in the costliest frame against its median, a sign of how slow the machine was then.
  const pageCalls = events.filter(
    (e) =>
      onMain(e) &&
      e.name === 'FunctionCall' &&
      !String(e.args?.data?.url ?? '').startsWith('chrome-extension://'),
  );
  const pageByFrame = new Float64Array(frames);
  for (const e of pageCalls) {
    const frame = frameIndexAt(timings.frames, (e.ts - offsetUs) / 1000);
    if (frame >= 0 && frame < frames) pageByFrame[frame] += e.tdur ?? e.dur ?? 0;
  }
  const pageMedianUs = percentile(
    [...pageByFrame].sort((a, b) => a - b),
    50,
  );
  const samples = process.env.BENCH_DEBUG ? profileSamples(events, mark) : [];
  const wallUs = new Float64Array(frames);
  const threadUs = new Float64Array(frames);
  let coveredUntil = -Infinity;
  // Page load, the first read, idle work (the warm-up) and, with turns above, their reads.
  const before = { calls: 0, threadUs: 0, longestThreadUs: 0 };
  for (const call of calls) {
    if (call.ts < coveredUntil) continue; // nested in a call already counted
    const dur = call.dur ?? 0;
    coveredUntil = call.ts + dur;
    const frame = frameIndexAt(timings.frames, (call.ts - offsetUs) / 1000);
    if (frame < 0) {
      before.calls++;
      before.threadUs += call.tdur ?? dur;
      before.longestThreadUs = Math.max(before.longestThreadUs, call.tdur ?? dur);
      if (process.env.BENCH_DEBUG && (call.tdur ?? dur) > 500)
        console.log(
          `call before the stream: ${call.name} ${(dur / 1000).toFixed(2)} ms wall, ${((call.tdur ?? dur) / 1000).toFixed(2)} ms thread, ${call.args?.data?.functionName ?? ''}:${call.args?.data?.lineNumber ?? ''}:${call.args?.data?.columnNumber ?? ''}`,
        );
    }
    if (frame < 0 || frame >= frames) continue;
    wallUs[frame] += dur;
    threadUs[frame] += call.tdur ?? dur;
    if (process.env.BENCH_DEBUG && (call.tdur ?? dur) > 1000) {
      // What the call's time went to: nested events (compile, GC...) summed by name, largest first.
      const byName = new Map();
      for (const e of events) {
        if (
          e.pid !== mark.pid ||
          e.tid !== mark.tid ||
          e === call ||
          e.ts < call.ts ||
          e.ts >= call.ts + dur ||
          !(e.dur > 0)
        )
          continue;
        byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
      }
      const inside = [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, us]) => `${name} ${(us / 1000).toFixed(2)}`);
      // The page's own calls in the same frame against their usual cost: both slow says the machine was.
      const pageUs = pageCalls
        .filter((e) => frameIndexAt(timings.frames, (e.ts - offsetUs) / 1000) === frame)
        .reduce((sum, e) => sum + (e.tdur ?? e.dur ?? 0), 0);
      const selfByFunction = new Map();
      for (const sample of samples)
        if (sample.ts >= call.ts && sample.ts < call.ts + dur)
          selfByFunction.set(sample.name, (selfByFunction.get(sample.name) ?? 0) + 1);
      if (selfByFunction.size > 0)
        console.log(
          `  samples in it: ${[...selfByFunction]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 10)
            .map(([name, n]) => `${n} ${name}`)
            .join(' | ')}`,
        );
      console.log(
        `slow call in frame ${frame}: ${(dur / 1000).toFixed(2)} ms wall, ${((call.tdur ?? dur) / 1000).toFixed(2)} ms thread, ${call.name} ${call.args?.data?.functionName ?? ''}:${call.args?.data?.lineNumber ?? ''}:${call.args?.data?.columnNumber ?? ''} ${inside.join(' | ')}; the page's own calls ${(pageUs / 1000).toFixed(2)} ms thread (median frame ${(pageMedianUs / 1000).toFixed(2)})`,
      );
    }
  }
  if (process.env.BENCH_DEBUG) {
    // The costliest frames, call by call.
    const inFrame = new Map();
    for (const call of calls) {
      const frame = frameIndexAt(timings.frames, (call.ts - offsetUs) / 1000);
      if (frame >= 0 && frame < frames) inFrame.set(frame, [...(inFrame.get(frame) ?? []), call]);
    }
    for (const frame of [...threadUs.keys()]
      .sort((a, b) => threadUs[b] - threadUs[a])
      .slice(0, 6)) {
      console.log(
        `frame ${frame}: ${(threadUs[frame] / 1000).toFixed(2)} ms thread: ${(inFrame.get(frame) ?? []).map((call) => `${call.name === 'task' ? 'task' : `${call.args?.data?.functionName ?? ''}:${call.args?.data?.columnNumber ?? ''}`} ${((call.tdur ?? call.dur ?? 0) / 1000).toFixed(2)}`).join(', ')}`,
      );
    }
    // Which callbacks the streamed frames' time goes to: count, median and total CPU time of each.
    const byCallback = new Map();
    for (const call of calls) {
      const frame = frameIndexAt(timings.frames, (call.ts - offsetUs) / 1000);
      if (frame < 0 || frame >= frames) continue;
      const key = `${call.name} ${call.args?.data?.functionName ?? ''}:${call.args?.data?.lineNumber ?? ''}:${call.args?.data?.columnNumber ?? ''}`;
      byCallback.set(key, [...(byCallback.get(key) ?? []), call.tdur ?? call.dur ?? 0]);
    }
    for (const [key, us] of [...byCallback].sort(
      (a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0),
    )) {
      us.sort((a, b) => a - b);
      console.log(
        `callback ${key}: ${us.length} calls, median ${(percentile(us, 50) / 1000).toFixed(3)} ms, p95 ${(percentile(us, 95) / 1000).toFixed(3)}, total ${(us.reduce((x, y) => x + y, 0) / 1000).toFixed(1)} ms`,
      );
    }
  }
  const sorted = (us) => [...us].map((x) => x / 1000).sort((a, b) => a - b);
  const costliest = threadUs.reduce((best, us, frame) => (us > threadUs[best] ? frame : best), 0);
  const costliestFrame = {
    pageMs: pageByFrame[costliest] / 1000,
    pageMedianMs: pageMedianUs / 1000,
  };
  return {
    perFrame: { wall: sorted(wallUs), thread: sorted(threadUs), page: sorted(pageByFrame) },
    before,
    costliestFrame,
  };
}

/**
 * The content script's work that runs in no callback of its own, so no FunctionCall event of
 * its scripts marks it: port messages (the extension bindings call its listener) and the
 * continuations of its promises (a reply arriving, a timer ending the pause between sends),
 * which run as microtasks. While the reply streams the bench page runs script only in its
 * animation frames, so a main-thread task there that runs script (a FunctionCall without a
 * script URL, or microtasks) outside an animation frame and outside the content script's own
 * callbacks is counted as the content script's, whole (the message dispatch included).
 */
function indirectTasks(events, onMain, isExtensionCall) {
  const onThread = events.filter(onMain).sort((a, b) => a.ts - b.ts);
  const tasks = [];
  let k = 0;
  for (const task of onThread) {
    if (task.name !== 'ThreadControllerImpl::RunTask') continue;
    while (k < onThread.length && onThread[k].ts < task.ts) k++;
    let runsScript = false;
    let isExcluded = false;
    for (let j = k; j < onThread.length && onThread[j].ts < task.ts + (task.dur ?? 0); j++) {
      const e = onThread[j];
      if (
        e.name === 'FireAnimationFrame' ||
        isExtensionCall(e) ||
        (e.name === 'FunctionCall' && e.args?.data?.url)
      )
        isExcluded = true;
      if (e.name === 'RunMicrotasks' || e.name === 'FunctionCall') runsScript = true;
    }
    if (runsScript && !isExcluded) tasks.push({ ...task, name: 'task' });
  }
  return tasks;
}

/** BENCH_DEBUG: the V8 CPU-profile samples the trace holds for the page's main thread, as { ts, name } (the sampled leaf function). */
function profileSamples(events, mark) {
  const nodes = new Map();
  const samples = [];
  const chunks = events
    .filter((e) => e.name === 'ProfileChunk' && e.pid === mark.pid)
    .sort((a, b) => a.ts - b.ts);
  const start = events.find(
    (e) => e.name === 'Profile' && e.pid === mark.pid && e.tid === mark.tid,
  );
  if (!start) return samples;
  let ts = start.args.data.startTime;
  for (const chunk of chunks) {
    if (chunk.id !== start.id) continue;
    const data = chunk.args.data;
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const ids = data.cpuProfile?.samples ?? [];
    ids.forEach((id, k) => {
      ts += data.timeDeltas?.[k] ?? 0;
      const frame = nodes.get(id)?.callFrame;
      samples.push({
        ts,
        name: frame
          ? `${frame.functionName || '(anonymous)'}${frame.url ? `:${frame.lineNumber}:${frame.columnNumber}` : ''}`
          : `#${id}`,
      });
    });
  }
  return samples;
}

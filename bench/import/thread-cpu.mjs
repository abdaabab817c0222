// CPU time per thread of the processes under this Node process (Chromium's browser, renderer and utility
// processes), from Linux's /proc: on a shared, loaded machine a round's wall time says little, the CPU its
// threads used (the parse worker's, the engine worker's, the browser's IndexedDB and blob threads) stays put.
// Used by chromium-app.mjs with BENCH_CPU=1.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Whether /proc can be read (Linux). */
export const threadCpuAvailable = existsSync('/proc/self/task');

/** CPU ms so far of every thread of every process descending from this one, by `pid/tid`, with the thread's name. */
export function threadCpu() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(`/proc/${entry}/stat`);
    if (!stat) continue;
    const parent = Number(stat.fields[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(Number(entry));
  }
  const result = new Map();
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop();
    stack.push(...(children.get(pid) ?? []));
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // ended meanwhile
    }
    for (const tid of tids) {
      const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (stat) result.set(`${pid}/${tid}`, { name: stat.name, ms: (Number(stat.fields[11]) + Number(stat.fields[12])) * TICK_MS });
    }
  }
  return result;
}

/** The CPU each thread used between two `threadCpu()` readings: total, and the threads over `minMs` by name. */
export function cpuBetween(before, after, minMs = 30) {
  let total = 0;
  const threads = [];
  for (const [key, { name, ms }] of after) {
    const used = ms - (before.get(key)?.ms ?? 0);
    total += used;
    if (used >= minMs) threads.push(`${name}:${used}`);
  }
  return { total, threads };
}

function readStat(path) {
  try {
    const text = readFileSync(path, 'utf8');
    // The name is in parentheses and may hold spaces; the fields after it are space-separated.
    return { name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), fields: text.slice(text.lastIndexOf(')') + 2).split(' ') };
  } catch {
    return undefined;
  }
}

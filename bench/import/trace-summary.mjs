// `node bench/import/trace-summary.mjs trace.json [top=25]`: sums a Chrome trace's CPU samples (the
// Profile/ProfileChunk events of 'disabled-by-default-v8.cpu_profiler') per thread, and per function within each
// thread (self time), to see where an import spends its time. Written by chromium-app.mjs with BENCH_TRACE.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: node bench/import/trace-summary.mjs trace.json [top]');
  process.exit(1);
}
const parsed = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;

const threadNames = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);

// One profile per sampled thread: its nodes (id -> call frame) and its samples with their time deltas.
const profiles = new Map();
for (const e of events) {
  if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
  const key = `${e.pid}:${e.id}`;
  let profile = profiles.get(key);
  if (!profile) {
    profile = { thread: `${e.pid}:${e.tid}`, frames: new Map(), self: new Map(), total: 0 };
    profiles.set(key, profile);
  }
  if (e.name === 'Profile') profile.thread = `${e.pid}:${e.tid}`;
  const data = e.args?.data;
  for (const node of data?.cpuProfile?.nodes ?? []) profile.frames.set(node.id, node.callFrame);
  const samples = data?.cpuProfile?.samples ?? [];
  const deltas = data?.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = profile.frames.get(samples[i]);
    const name = frame?.functionName || (frame?.url ? `(anonymous ${frame.url.split('/').pop()}:${frame.lineNumber})` : '(unknown)');
    const ms = Math.max(0, deltas[i] ?? 0) / 1000;
    profile.self.set(name, (profile.self.get(name) ?? 0) + ms);
    profile.total += ms;
  }
}

const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
for (const profile of [...profiles.values()].sort((a, b) => b.total - a.total)) {
  if (profile.total < 1) continue;
  const busy = [...profile.self].filter(([name]) => !idle.has(name)).reduce((sum, [, ms]) => sum + ms, 0);
  const name = threadNames.get(profile.thread) ?? profile.thread;
  console.log(
    `\n== ${name}: ${profile.total.toFixed(0)} ms sampled, JS ${busy.toFixed(0)} ms, idle ${(profile.self.get('(idle)') ?? 0).toFixed(0)} ms, program ${(profile.self.get('(program)') ?? 0).toFixed(0)} ms, GC ${(profile.self.get('(garbage collector)') ?? 0).toFixed(0)} ms`,
  );
  for (const [fn, ms] of [...profile.self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(1).padStart(9)} ms  ${((ms / profile.total) * 100).toFixed(1).padStart(5)}%  ${fn}`);
  }
}

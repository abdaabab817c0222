// Fused decode + bucket aggregate speed of two kernel builds, interleaved in one process, over the
// codec benchmark's fused workload (the timestamped NAB series the first build stores as ALP, 1 h
// buckets, or WIDTH=1d), with a bit-for-bit comparison of the nine output arrays:
//   node bench/codecs/fused-ab.mjs /path/to/base.wasm build/kernel.wasm [rounds]
// Both builds aggregate the same payloads (encoded once, by the first build), so only the decode and
// aggregate paths are compared. Prints the median and best rate per build in process CPU time (the
// machine may be shared); rounds alternate between the builds. ONLY=<text> keeps the series whose name
// contains it; PER=1 also prints each series' best fused and plain-decode time per value;
// SHARED_OUT=1 aggregates every series into one output area (a diagnostic of the outputs' cache
// footprint: the outputs then differ).
import { abArguments, CODEC_ALP, instantiate, nabRows, reportRates, timeRounds } from './ab-kit.mjs';

/** The NAB series with their times, stably sorted by time as a chunk stores them. */
function nab() {
  return nabRows().map(({ name, lines }) => {
    const rows = lines.map((line, i) => {
      const [stamp, value] = line.split(',');
      return { t: BigInt(Date.parse(`${stamp.replace(' ', 'T')}Z`)) * 1_000_000n, v: Number(value), i };
    });
    rows.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
    return { name, times: BigInt64Array.from(rows, (r) => r.t), values: Float64Array.from(rows, (r) => r.v) };
  });
}

function copyIn(e, bytes) {
  const p = e.alloc(bytes.byteLength + 16);
  new Uint8Array(e.memory.buffer, p, bytes.byteLength).set(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return p;
}

const widths = { '1h': 3_600_000_000_000n, '1d': 86_400_000_000_000n };
const width = widths[process.env.WIDTH ?? '1h'];
if (width === undefined) throw new Error('WIDTH is 1h or 1d');
const { paths, rounds, only } = abArguments('fused-ab.mjs');

// Payloads from the first build.
const encoder = await instantiate(paths[0]);
const payloads = [];
for (const s of nab()) {
  if (!s.name.includes(only)) continue;
  const n = s.values.length;
  const tsrc = copyIn(encoder, s.times);
  const tdst = encoder.alloc(encoder.int64Bound(n) + 16);
  const tlen = encoder.encodeInt64Column(tsrc, n, tdst, 1);
  const vsrc = copyIn(encoder, s.values);
  const vdst = encoder.alloc(encoder.float64Bound(n) + 16);
  const vlen = encoder.encodeFloat64Column(vsrc, n, vdst);
  if (new Uint8Array(encoder.memory.buffer)[vdst] !== CODEC_ALP) continue;
  const firstBucket = s.times[0] / width;
  const buckets = Number(s.times[n - 1] / width - firstBucket + 1n);
  payloads.push({
    name: s.name,
    n,
    timeBytes: new Uint8Array(encoder.memory.buffer.slice(tdst, tdst + tlen)),
    valueBytes: new Uint8Array(encoder.memory.buffer.slice(vdst, vdst + vlen)),
    firstBucket,
    buckets,
  });
}

/** One series' fused pass into its output area (true when it decoded). */
function aggregate(e, s) {
  return e.aggregateChunkColumn(
    s.time,
    s.timeBytes.length,
    s.value,
    s.valueBytes.length,
    0,
    s.n,
    s.n,
    0n,
    width,
    s.firstBucket,
    s.buckets,
    s.out,
  );
}

const builds = [];
for (const path of paths) {
  const e = await instantiate(path);
  const shared = process.env.SHARED_OUT ? e.alloc(Math.max(...payloads.map((p) => p.buckets)) * 72 + 16) : 0;
  const slots = payloads.map((p) => ({
    ...p,
    time: copyIn(e, p.timeBytes),
    value: copyIn(e, p.valueBytes),
    out: shared || e.alloc(p.buckets * 72 + 16),
  }));
  const run = () => {
    for (const s of slots) {
      if (!aggregate(e, s)) throw new Error(`${path}: ${s.name} failed`);
    }
  };
  builds.push({ path, e, slots, run });
}

// Outputs: one pass over zeroed arrays, then a second pass merging into them (the merge paths).
for (const pass of [1, 2]) {
  for (const b of builds) {
    for (const s of b.slots) if (pass === 1) new Uint8Array(b.e.memory.buffer, s.out, s.buckets * 72).fill(0);
    b.run();
  }
  payloads.forEach((p, i) => {
    const [x, y] = builds.map((b) => new Uint8Array(b.e.memory.buffer, b.slots[i].out, p.buckets * 72));
    const at = x.findIndex((byte, j) => byte !== y[j]);
    if (at >= 0)
      console.log(
        `outputs differ (pass ${pass}): ${p.name} array ${Math.floor(at / (p.buckets * 8))} bucket ${Math.floor((at % (p.buckets * 8)) / 8)}`,
      );
  });
}

const total = payloads.reduce((a, p) => a + p.n, 0);
// Outputs are never cleared, as in the benchmark: every timed pass merges into the last one's buckets.
const times = timeRounds(builds, rounds, (b) => b.run());
if (process.env.PER) {
  builds.forEach((b) => {
    const line = [];
    for (const s of b.slots) {
      let best = Infinity;
      for (let r = 0; r < 30; r++) {
        const start = process.cpuUsage();
        for (let rep = 0; rep < 50; rep++) aggregate(b.e, s);
        const used = process.cpuUsage(start);
        best = Math.min(best, (used.user + used.system) / 50);
      }
      let decode = Infinity;
      const dst = b.e.alloc(s.n * 8 + 16);
      for (let r = 0; r < 30; r++) {
        const start = process.cpuUsage();
        for (let rep = 0; rep < 50; rep++) b.e.decodeFloat64Column(s.value, s.valueBytes.length, s.n, dst);
        const used = process.cpuUsage(start);
        decode = Math.min(decode, (used.user + used.system) / 50);
      }
      b.e.free(dst);
      line.push(
        `${s.name.slice(4, 24).padEnd(20)} fused ${((best * 1000) / s.n).toFixed(2)} ns (${best.toFixed(1)} us), values decoded ${((decode * 1000) / s.n).toFixed(2)} ns`,
      );
    }
    console.log(`${b.path}:\n  ${line.join('\n  ')}`);
  });
}
reportRates(builds, times, total, ` (${payloads.length} series)`);

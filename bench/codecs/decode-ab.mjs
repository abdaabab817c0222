// Decode speed of two kernel builds, interleaved in one process, over the codec benchmark's decimal
// series (the real series the first build stores as ALP), decoding the same payloads (the first
// build's) with a bit-for-bit comparison of the decoded values:
//   node bench/codecs/decode-ab.mjs /path/to/base.wasm build/kernel.wasm [rounds]
// ONLY=nab/ (or alp/) keeps the series whose name starts so. Prints the median and best rate per
// build, in process CPU time (the machine may be shared); rounds alternate between the builds.
import { abArguments, CODEC_ALP, decimalSeries, instantiate, reportRates, timeRounds } from './ab-kit.mjs';

const series = decimalSeries();
const { paths, rounds, only } = abArguments('decode-ab.mjs');

// Payloads from the first build.
const encoder = await instantiate(paths[0]);
const payloads = [];
for (const s of series) {
  if (!s.name.startsWith(only)) continue;
  const n = s.values.length;
  const src = encoder.alloc(n * 8 + 16);
  new Float64Array(encoder.memory.buffer, src, n).set(s.values);
  const dst = encoder.alloc(encoder.float64Bound(n) + 16);
  const length = encoder.encodeFloat64Column(src, n, dst);
  if (new Uint8Array(encoder.memory.buffer)[dst] !== CODEC_ALP) continue;
  payloads.push({ name: s.name, n, bytes: new Uint8Array(encoder.memory.buffer.slice(dst, dst + length)) });
}

const builds = [];
for (const path of paths) {
  const e = await instantiate(path);
  const slots = payloads.map((p) => {
    const payload = e.alloc(p.bytes.length + 16);
    new Uint8Array(e.memory.buffer, payload, p.bytes.length).set(p.bytes);
    return { ...p, payload, out: e.alloc(p.n * 8 + 16) };
  });
  const run = () => {
    for (const s of slots) if (!e.decodeFloat64Column(s.payload, s.bytes.length, s.n, s.out)) throw new Error(`${path}: ${s.name} failed`);
  };
  builds.push({ path, e, slots, run });
}
for (const b of builds) b.run();
payloads.forEach((p, i) => {
  const [x, y] = builds.map((b) => new Uint8Array(b.e.memory.buffer, b.slots[i].out, p.n * 8));
  if (x.some((byte, j) => byte !== y[j])) console.log(`decoded values differ: ${p.name}`);
});

const total = payloads.reduce((a, p) => a + p.n, 0);
const times = timeRounds(builds, rounds, (b) => b.run());
reportRates(builds, times, total, ` (${payloads.length} series)`);

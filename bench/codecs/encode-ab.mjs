// Encode speed of two kernel builds, interleaved in one process, over the codec benchmark's decimal
// series (the real series the first build stores as ALP), with a byte-for-byte payload comparison:
//   node bench/codecs/encode-ab.mjs /path/to/base.wasm build/kernel.wasm [rounds]
// ONLY=nab/ (or alp/) keeps the series whose name starts so. Prints the median and best rate per
// build, in process CPU time (the machine may be shared); rounds alternate between the builds.
import { abArguments, CODEC_ALP, decimalSeries, instantiate, reportRates, timeRounds } from './ab-kit.mjs';

const series = decimalSeries();

async function load(path) {
  const e = await instantiate(path);
  const slots = series.map((s) => {
    const n = s.values.length;
    const src = e.alloc(n * 8 + 16);
    new Float64Array(e.memory.buffer, src, n).set(s.values);
    const payload = e.alloc(e.float64Bound(n) + 16);
    const length = e.encodeFloat64Column(src, n, payload);
    return { n, src, payload, length, codec: new Uint8Array(e.memory.buffer)[payload] };
  });
  return { path, e, slots };
}

const { paths, rounds, only } = abArguments('encode-ab.mjs');
const builds = [await load(paths[0]), await load(paths[1])];
const picked = series.map((s, i) => builds[0].slots[i].codec === CODEC_ALP && s.name.startsWith(only));
series.forEach((s, i) => {
  const [a, b] = builds.map((build) => new Uint8Array(build.e.memory.buffer, build.slots[i].payload, build.slots[i].length));
  if (a.length !== b.length || a.some((x, j) => x !== b[j])) console.log(`payloads differ: ${s.name}`);
});
const total = series.reduce((sum, s, i) => sum + (picked[i] ? s.values.length : 0), 0);
const times = timeRounds(builds, rounds, (build) => {
  build.slots.forEach((s, i) => {
    if (picked[i]) build.e.encodeFloat64Column(s.src, s.n, s.payload);
  });
});
reportRates(builds, times, total);

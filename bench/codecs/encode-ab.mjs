// Encode speed of two kernel builds, interleaved in one process, over the codec benchmark's decimal
// series (the real series the first build stores as ALP), with a byte-for-byte payload comparison:
//   node bench/codecs/encode-ab.mjs /path/to/base.wasm build/kernel.wasm [rounds]
// ONLY=nab/ (or alp/) keeps the series whose name starts so. Prints the median and best rate per
// build, in process CPU time (the machine may be shared); rounds alternate between the builds.
import { readdirSync, readFileSync } from 'node:fs';

const DATA = new URL('../../../shared/data/', import.meta.url);
const CODEC_ALP = 6;

function nab() {
  const out = [];
  const root = new URL('nab/', DATA);
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(new URL(`${dir.name}/`, root))
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const lines = readFileSync(new URL(`${dir.name}/${file}`, root), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      out.push({ name: `nab/${file.replace(/\.csv$/, '')}`, values: Float64Array.from(lines, (l) => Number(l.split(',')[1])) });
    }
  }
  return out;
}

function alpSamples() {
  const root = new URL('alp-samples/', DATA);
  return readdirSync(root)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => ({
      name: `alp/${file.replace(/\.csv$/, '')}`,
      values: Float64Array.from(readFileSync(new URL(file, root), 'utf8').trim().split('\n'), Number),
    }));
}

const series = [...nab(), ...alpSamples()];

async function load(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {
    env: {
      abort() {
        throw new Error(`${path} aborted`);
      },
    },
  });
  const e = instance.exports;
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

const paths = process.argv.slice(2, 4);
if (paths.length !== 2) throw new Error('usage: node bench/codecs/encode-ab.mjs base.wasm this.wasm [rounds]');
const builds = [await load(paths[0]), await load(paths[1])];
const rounds = Number(process.argv[4] ?? 100);
const only = process.env.ONLY ?? '';
const picked = series.map((s, i) => builds[0].slots[i].codec === CODEC_ALP && s.name.startsWith(only));
series.forEach((s, i) => {
  const [a, b] = builds.map((build) => new Uint8Array(build.e.memory.buffer, build.slots[i].payload, build.slots[i].length));
  if (a.length !== b.length || a.some((x, j) => x !== b[j])) console.log(`payloads differ: ${s.name}`);
});
const total = series.reduce((sum, s, i) => sum + (picked[i] ? s.values.length : 0), 0);
const times = builds.map(() => []);
for (let r = 0; r < rounds; r++) {
  builds.forEach((build, j) => {
    const start = process.cpuUsage();
    for (let rep = 0; rep < 10; rep++) {
      build.slots.forEach((s, i) => {
        if (picked[i]) build.e.encodeFloat64Column(s.src, s.n, s.payload);
      });
    }
    const used = process.cpuUsage(start);
    times[j].push((used.user + used.system) / 1000 / 10);
  });
}
builds.forEach((build, j) => {
  const sorted = [...times[j]].sort((x, y) => x - y);
  const rate = (ms) => (total / ms / 1e3).toFixed(1);
  console.log(`${build.path}: median ${rate(sorted[sorted.length >> 1])} M values/s, best ${rate(sorted[0])} over ${total} values`);
});

// Decode speed of two kernel builds, interleaved in one process, over the codec benchmark's decimal
// series (the real series the first build stores as ALP), decoding the same payloads (the first
// build's) with a bit-for-bit comparison of the decoded values:
//   node bench/codecs/decode-ab.mjs /path/to/base.wasm build/kernel.wasm [rounds]
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

async function instantiate(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {
    env: {
      abort() {
        throw new Error(`${path} aborted`);
      },
    },
  });
  return instance.exports;
}

const paths = process.argv.slice(2, 4);
if (paths.length !== 2) throw new Error('usage: node bench/codecs/decode-ab.mjs base.wasm this.wasm [rounds]');
const rounds = Number(process.argv[4] ?? 100);
const only = process.env.ONLY ?? '';

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
const times = builds.map(() => []);
for (let r = 0; r < rounds; r++) {
  builds.forEach((b, j) => {
    const start = process.cpuUsage();
    for (let rep = 0; rep < 10; rep++) b.run();
    const used = process.cpuUsage(start);
    times[j].push((used.user + used.system) / 1000 / 10);
  });
}
builds.forEach((b, j) => {
  const sorted = [...times[j]].sort((x, y) => x - y);
  const rate = (ms) => (total / ms / 1e3).toFixed(1);
  console.log(
    `${b.path}: median ${rate(sorted[sorted.length >> 1])} M values/s, best ${rate(sorted[0])} over ${total} values (${payloads.length} series)`,
  );
});

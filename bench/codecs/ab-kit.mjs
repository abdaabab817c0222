// What the interleaved A/B scripts (encode-ab, decode-ab, fused-ab) share: the codec benchmark's real
// series, a kernel build's exports, the command line, and rounds timed in process CPU time (the machine
// may be shared) alternating between the builds.
import { readdirSync, readFileSync } from 'node:fs';

const DATA = new URL('../../../shared/data/', import.meta.url);

/** The kernel's codec id of ALP double columns. */
export const CODEC_ALP = 6;

/** Every NAB series as its CSV rows (header left out), `timestamp,value` each, by file name order. */
export function nabRows() {
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
      out.push({ name: `nab/${file.replace(/\.csv$/, '')}`, lines });
    }
  }
  return out;
}

/** The NAB series and the ALP samples as values, as the codec benchmark reads them. */
export function decimalSeries() {
  const nab = nabRows().map(({ name, lines }) => ({ name, values: Float64Array.from(lines, (l) => Number(l.split(',')[1])) }));
  const root = new URL('alp-samples/', DATA);
  const alp = readdirSync(root)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((file) => ({
      name: `alp/${file.replace(/\.csv$/, '')}`,
      values: Float64Array.from(readFileSync(new URL(file, root), 'utf8').trim().split('\n'), Number),
    }));
  return [...nab, ...alp];
}

/** A kernel build's exports. */
export async function instantiate(path) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path), {
    env: {
      abort() {
        throw new Error(`${path} aborted`);
      },
    },
  });
  return instance.exports;
}

/** The two builds' paths and the round count from `node <script> base.wasm this.wasm [rounds]`, and ONLY. */
export function abArguments(script) {
  const paths = process.argv.slice(2, 4);
  if (paths.length !== 2) throw new Error(`usage: node bench/codecs/${script} base.wasm this.wasm [rounds]`);
  return { paths, rounds: Number(process.argv[4] ?? 100), only: process.env.ONLY ?? '' };
}

/** Per build, the CPU ms of one `run(build)` (the mean of ten) in each of `rounds` rounds, the builds alternating. */
export function timeRounds(builds, rounds, run) {
  const times = builds.map(() => []);
  for (let r = 0; r < rounds; r++) {
    builds.forEach((build, j) => {
      const start = process.cpuUsage();
      for (let rep = 0; rep < 10; rep++) run(build);
      const used = process.cpuUsage(start);
      times[j].push((used.user + used.system) / 1000 / 10);
    });
  }
  return times;
}

/** Prints each build's median and best rate over `total` values a run. */
export function reportRates(builds, times, total, suffix = '') {
  builds.forEach((build, j) => {
    const sorted = [...times[j]].sort((x, y) => x - y);
    const rate = (ms) => (total / ms / 1e3).toFixed(1);
    console.log(
      `${build.path}: median ${rate(sorted[sorted.length >> 1])} M values/s, best ${rate(sorted[0])} over ${total} values${suffix}`,
    );
  });
}

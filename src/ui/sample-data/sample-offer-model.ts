import type { SampleInstallResult, TidemarkClient } from '../../client/index.ts';
import { TidemarkError } from '../../client/index.ts';

/** Where the offer remembers it was dismissed, or that the first start already installed the samples. */
export const DISMISSED_KEY = 'tidemark.sampleData.dismissed';
export const AUTO_INSTALLED_KEY = 'tidemark.sampleData.autoInstalled';
export const SAMPLE_DATABASE = 'sampleDB';

/** The bit of localStorage the offer uses (injectable for tests; absent where storage is blocked). */
export interface FlagStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function browserFlags(): FlagStore | null {
  try {
    return (globalThis as { localStorage?: FlagStore }).localStorage ?? null;
  } catch {
    return null; // storage disabled (private mode, sandboxed frame)
  }
}

/**
 * What the offer does on start: nothing when sampleDB exists or the user said "not now"; installs
 * on its own on the very first start (the user has no database at all), so `npm start` opens with
 * data; otherwise offers.
 */
export type OfferDecision = 'hidden' | 'auto-install' | 'offer';

export function decideOffer(databases: readonly string[], flags: FlagStore | null, autoInstall: boolean): OfferDecision {
  if (databases.includes(SAMPLE_DATABASE)) return 'hidden';
  if (flags?.getItem(DISMISSED_KEY) === '1') return 'hidden';
  if (autoInstall && databases.length === 0 && flags?.getItem(AUTO_INSTALLED_KEY) !== '1') return 'auto-install';
  return 'offer';
}

/** Progress over both samples, 0..1. */
export type InstallProgress = (fraction: number, message: string) => void;

/** Installs DevOps then IoT into sampleDB (each is idempotent), reporting progress across both. */
export async function installSamples(
  client: TidemarkClient,
  onProgress: InstallProgress,
  signal?: AbortSignal,
): Promise<SampleInstallResult[]> {
  const names = ['devops', 'iot'] as const;
  const results: SampleInstallResult[] = [];
  for (const [i, name] of names.entries()) {
    const label = name === 'devops' ? 'DevOps' : 'IoT';
    onProgress(i / names.length, `Loading ${label}…`);
    const result = await client.call(
      'sample.install',
      { name },
      {
        ...(signal ? { signal } : {}),
        onProgress: (p) => {
          const part = p.total ? p.done / p.total : 0;
          onProgress((i + part) / names.length, `Loading ${label}…`);
        },
      },
    );
    results.push(result);
  }
  onProgress(1, 'Sample data loaded');
  return results;
}

/** A message for a failed install that never says undefined. */
export function installErrorMessage(error: unknown): string {
  const e = TidemarkError.from(error);
  return e.code === 'ABORTED' ? 'Loading the sample data was cancelled.' : `Could not load the sample data: ${e.message}`;
}

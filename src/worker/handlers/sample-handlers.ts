import { type Database, type DemoStream, type DemoStreamStatus, installSample, listSamples } from '../../engine/index.ts';
import type { MethodHandlers } from '../dispatcher.ts';
import type { DemoStatus } from '../protocol-live.ts';

function demoStatus(status: DemoStreamStatus): DemoStatus {
  return { ...status, tables: [...status.tables], lastError: status.lastError ? status.lastError.toJSON() : null };
}

/** Sample databases (sample.*) and the demo stream (demo.*) over the protocol. */
export function sampleHandlers(database: Promise<Database>, demo: DemoStream): MethodHandlers {
  return {
    'sample.list': async () =>
      (await listSamples(await database)).map((s) => ({
        name: s.name,
        title: s.title,
        description: s.description,
        database: s.database,
        tables: [...s.tables],
        installed: s.installed,
      })),
    'sample.install': async ({ name }, context) => {
      const result = await installSample(await database, name, {
        signal: context.signal,
        onProgress: (done, total) => context.progress({ done, total, message: `Writing the ${name} sample` }),
      });
      return { ...result, tables: [...result.tables] };
    },
    'demo.start': async () => demoStatus(await demo.start()),
    'demo.stop': () => demoStatus(demo.stop()),
    'demo.status': () => demoStatus(demo.status()),
  };
}

export {
  DEMO_BACKFILL_MS,
  DEMO_DATABASE,
  DEMO_TABLES,
  DemoStream,
  type DemoStreamOptions,
  type DemoStreamStatus,
  demoSeries,
} from './demo-stream.ts';
export { cpuAt, devopsHosts, devopsWrites, memoryAt } from './devops.ts';
export {
  type InstallSampleOptions,
  type InstallSampleResult,
  installSample,
  isSampleInstalled,
  listSamples,
  SAMPLE_DATABASE,
  SAMPLE_DAYS,
  SAMPLE_INTERVAL_MS,
  SAMPLES,
  type SampleDescription,
  type SampleName,
} from './install.ts';
export { iotWrites, trucks } from './iot.ts';

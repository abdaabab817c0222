// Node-only entry of the kernel module: kept out of index.ts so browser bundles never see node:fs.
export { loadKernelFromFile } from './load-file.ts';

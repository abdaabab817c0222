import { formatNs } from './time.ts';

/**
 * Rejection reasons worded as Timestream words them where its wording is known (the version
 * conflict and the ingestion-window texts), extended with the window and the offending value.
 */
export const Reasons = {
  sameVersionConflict(): string {
    return 'A record already exists with the same time, dimensions, measure name, and record version. A higher record version must be specified in order to update the measure value.';
  },
  lowerVersion(version: bigint, existing: bigint): string {
    return `The record version ${version} is lower than the existing version ${existing}. A higher version is required to update the measure value.`;
  },
  outsideMemoryWindow(time: bigint, from: bigint, to: bigint): string {
    return `The record timestamp ${formatNs(time)} is outside the time range [${formatNs(from)}, ${formatNs(to)}) of the memory store, and magnetic store writes are not enabled on this table.`;
  },
  tooFarAhead(time: bigint, limit: bigint): string {
    return `The record timestamp ${formatNs(time)} is more than 15 minutes in the future (the latest accepted time is ${formatNs(limit)}).`;
  },
  beyondMagneticRetention(time: bigint, from: bigint): string {
    return `The record timestamp ${formatNs(time)} is older than the magnetic store retention (the oldest accepted time is ${formatNs(from)}).`;
  },
  typeBound(measureName: string, bound: string, given: string): string {
    return `MeasureValueType ${given} does not match the type ${bound} already bound to measure name "${measureName}" in this table.`;
  },
  attributeTypeBound(attribute: string, bound: string, given: string): string {
    return `MeasureValues attribute "${attribute}" has Type ${given} but the attribute is already bound to type ${bound} in this table.`;
  },
} as const;

import { describe, expect, it } from 'vitest';
import { openNodeFileSource } from '../../../src/engine/ingest/node-file-source-unavailable.ts';
import { rejection } from '../../helpers/rejection.ts';

describe('the browser stand-in for the Node file reader', () => {
  it('says that a path can be read only in Node, naming it, with a typed error', async () => {
    const error = await rejection(openNodeFileSource('/data/x.csv'));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/"\/data\/x\.csv" works only in Node.*File or Blob/);
  });
});

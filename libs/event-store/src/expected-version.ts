import { ExpectedVersion } from './types';

/** Does a stream at `actual` (0 = absent) satisfy what the writer expected? Shared by every driver. */
export const satisfies = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'stream_exists':
      return actual > 0;
    default:
      return expected === actual;
  }
};

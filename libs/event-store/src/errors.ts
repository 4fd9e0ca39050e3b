import { ExpectedVersion } from './types';

/** The stream was not at the version the writer expected; nothing was written. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** 0 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** An idempotency key was used again for a different request; nothing was written. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly key: string) {
    super(`Idempotency key ${key} was already used for a different request`);
  }
}

import { ProblemError } from '../errors/problem-error.ts';
import type { ExpectedVersion } from './event-types.ts';

/** Another writer appended to the stream first: reload and decide again. Surfaces as HTTP 409. */
export class ConcurrencyError extends ProblemError {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(
      409,
      'concurrency_conflict',
      'Conflict',
      `The resource changed meanwhile (expected version ${expected}, found ${actual}); reload and retry`,
    );
  }
}

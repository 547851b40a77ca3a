import { InputError } from '../../errors';

/** How long loading, bundling, validating and comparing may take together, unless --time-limit-ms says otherwise. */
const DEFAULT_TIME_LIMIT_MS = 60_000;

/**
 * One time bound for the whole of a comparison. Every step is linear in the document's size, and each
 * checks the clock as it goes (every few thousand nodes), so a document can make a run slow only up to
 * this bound, never hang it.
 */
export class Deadline {
  private readonly endsAt: number;
  private ticks = 0;

  constructor(readonly limitMs: number = DEFAULT_TIME_LIMIT_MS) {
    this.endsAt = Date.now() + limitMs;
  }

  /** Cheap to call in a loop: looks at the clock once in 4096 calls. */
  tick(step: string): void {
    if ((++this.ticks & 4095) === 0) this.check(step);
  }

  check(step: string): void {
    if (Date.now() > this.endsAt)
      throw new InputError(
        `Stopped while ${step}: the documents took longer than the time limit of ${this.limitMs} ms.`,
        'A published description compares in seconds; if this one is honestly that large, raise --time-limit-ms.',
      );
  }
}

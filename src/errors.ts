/**
 * The kinds of failure the command line tells apart. Each maps to one exit
 * status (DESIGN.md), so CI can tell "the API broke" from "staging was down".
 */
export const ExitCode = {
  /** The contract holds. */
  Ok: 0,
  /** The contract is broken (or `diff` found a breaking change). */
  ContractBroken: 1,
  /** The command was used wrongly or its input is invalid. */
  BadInput: 2,
  /** The provider could not be checked: unreachable, timed out, reset. */
  ProviderUnavailable: 3,
  /** Interrupted with Ctrl-C (SIGINT), after putting back what the run changed: 128 + 2, as shells expect. */
  InterruptedByUser: 130,
  /** Stopped with SIGTERM (a CI timeout, say), after putting back what the run changed: 128 + 15. */
  Terminated: 143,
  /** Its terminal or ssh session closed (SIGHUP), after putting back what the run changed: 128 + 1. */
  HungUp: 129,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of a run stopped by a signal, after its orderly stop: 128 + the signal's number, as shells expect. */
export function exitCodeForSignal(signal: NodeJS.Signals): ExitCode {
  if (signal === 'SIGINT') return ExitCode.InterruptedByUser;
  return signal === 'SIGHUP' ? ExitCode.HungUp : ExitCode.Terminated;
}

/** A failure the user can act on: what was wrong, and what to do about it. */
abstract class ActionableError extends Error {
  abstract readonly exitCode: ExitCode;
  /** @param hint what to do about it, shown on its own line */
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, a bad URL, an unreadable or malformed file: the user must change something. */
export class InputError extends ActionableError {
  readonly exitCode = ExitCode.BadInput;
}

/**
 * The run would not go on, to keep someone's data safe (another run's probe
 * name on the interaction, another run's lock): not verified, exit 3.
 */
export class NotVerifiedError extends ActionableError {
  readonly exitCode = ExitCode.ProviderUnavailable;
}

/** The provider did not answer in a way that lets the contract be judged. */
export class ProviderUnavailableError extends Error {
  readonly exitCode = ExitCode.ProviderUnavailable;
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

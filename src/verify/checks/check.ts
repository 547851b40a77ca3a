import type { BrokerVerification } from '../../broker/settings';
import type { LogLevel } from '../../config';
import type { PactReplay } from '../pact/replay';
import type { PactSource } from '../pact/source';
import type { Original } from '../preflight';
import type { CheckResult, FailureDetail } from '../results';
import type { Exchange, TransportFailure } from '../transport/gateway';
import type { RequestBudget } from '../transport/budget';
import type { TargetConnection } from '../transport/target';
import type { PromiseId } from './promises';

/** What one check concluded. */
export type CheckOutcome =
  | { status: 'passed' }
  | { status: 'failed'; detail: FailureDetail }
  | { status: 'skipped'; reason: string }
  | { status: 'error'; detail: FailureDetail };

/**
 * What of the run's plan a check may read. No credentials and no broker
 * token: the gateway alone holds those (a failure carries the request it
 * sent, and the reports write the `curl` from environment-variable names).
 */
interface CheckSettings {
  /** Marks this run's probe names (and the id that cannot exist). */
  runId: string;
  /**
   * What the run's own callers send its gateway (the Pact worker included): the gateway's
   * per-run token, not a credential of the target, which no check can read.
   */
  callerToken: string;
  /** The run started the target itself and throws it away after: nobody's data to protect. */
  disposable: boolean;
  /** What the target promises: a static mock keeps nothing, so checks of behaviour do not apply. */
  profile?: 'static' | 'stateful';
  samples: number;
  logLevel: LogLevel;
  budget: RequestBudget;
  /** The pacts to replay (only when the pact group runs). */
  pacts?: PactSource;
  /** How long the Pact replay may take in all. */
  replayDeadlineMs: number;
  /** Which pacts the broker is asked for, and whether results are published (never its token). */
  broker?: BrokerVerification;
}

/** Everything a check may use: the run's settings, the way to the target, and what the run has seen so far. */
export interface CheckContext {
  settings: CheckSettings;
  target: TargetConnection;
  /** The interaction as read before the run changed anything, and when. */
  original: Original;
  /** Whether GET /interactions/{id} answers, so a change can be read back. */
  readBack: boolean;
  /** Everything sent through the gateway so far. */
  exchanges(): readonly Exchange[];
  /** Transport failures so far: a check during which one happened did not judge the target. */
  transportFailures(): readonly TransportFailure[];
  /** The Pact process, started early (only when the plan replays pacts). */
  replay?: PactReplay;
  /** A value the checks of one run share (one rename serves several checks): made once per run. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Prints a line under the progress (e.g. Pact's own output at debug level). */
  print(line: string): void;
  /** Keeps a text for the reports, as a file of its own beside them (e.g. Pact's own output). */
  attach(fileName: string, text: string): void;
  /** True once the run was interrupted: no further check starts. */
  stopped(): boolean;
}

/**
 * A precondition: why a check (or a group) cannot apply to this target, or
 * undefined when it can. A check whose precondition fails is skipped with
 * that reason, never counted as passed.
 */
export type Precondition = (context: CheckContext) => string | undefined;

/**
 * What a check is, before it runs: a stable id (`group.what`: for
 * `--checks`, the reports and the tests; it never changes with the wording)
 * and the documented promise it judges, if it judges one.
 */
interface CheckDeclaration {
  id: string;
  promise?: PromiseId;
}

/** One check: an id, a name people read in the output, when it applies, and how it judges. */
export interface Check extends CheckDeclaration {
  name: string;
  needs?: Precondition[];
  run(context: CheckContext): Promise<CheckOutcome>;
}

/** Reports a result as soon as it is known, so progress shows while the run goes on. */
type Report = (result: CheckResult) => void;

/**
 * A group of checks: one module each, listed in `registry.ts`. Its name is
 * what `--checks` takes; `order` places it in the run; `run` judges the
 * target and reports one result per check.
 */
export interface CheckGroup {
  name: string;
  /** One line for --help and the README. */
  summary: string;
  /** Lower runs first. */
  order: number;
  /** Why the whole group cannot apply, judged before its checks. */
  needs?: Precondition[];
  /** It replays the pacts: the run reads them first and starts Pact's process for it. */
  replaysPacts?: boolean;
  /** Its checks (the pact group's run per interaction of the pacts: it declares their ids only). */
  checks: readonly CheckDeclaration[];
  /** Files it may keep beside the reports (see CheckContext.attach): a previous run's are removed. */
  attaches?: readonly string[];
  /** The same group with only these checks, where its checks can run alone. */
  only?(ids: readonly string[]): CheckGroup;
  run(context: CheckContext, report: Report): Promise<void>;
}

/** The first reason among these preconditions, if any. */
export function unmet(needs: Precondition[] | undefined, context: CheckContext): string | undefined {
  for (const need of needs ?? []) {
    const reason = need(context);
    if (reason) return reason;
  }
  return undefined;
}

export const passed: CheckOutcome = { status: 'passed' };
export const failed = (detail: FailureDetail): CheckOutcome => ({ status: 'failed', detail });

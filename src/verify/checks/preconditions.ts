import type { Precondition } from './check';

/** The target answers GET /interactions/{id}, so a change can be read back. */
export const readBack: Precondition = (context) =>
  context.readBack
    ? undefined
    : `the target does not answer GET ${context.target.pathOf()}, so nothing can be read back`;

/** The plan has pacts to replay. */
export const pacts: Precondition = (context) =>
  context.settings.pacts ? undefined : 'no pacts to replay (pass --pacts PATH or --pacts-from-broker)';

/** The interaction was read before the run changed it, so there is a "before" to compare with. */
export const readBeforeChange: Precondition = (context) =>
  context.original.interaction
    ? undefined
    : 'the interaction could not be read before the run changed it, so there is nothing to compare with';

/** The target keeps what it is told: a static mock (--mock-profile static) answers fixed examples. */
export const notStatic: Precondition = (context) =>
  context.settings.profile === 'static' ? 'not applicable to a static mock (--mock-profile static)' : undefined;

/**
 * Nothing that could change the interaction is sent before its name is
 * recorded: read with GET, or named with --current-name. A target the run
 * started itself (and throws away) has nothing to protect.
 */
export const nameRecorded: Precondition = (context) =>
  context.original.via || context.settings.disposable
    ? undefined
    : `${context.original.unreadable ?? 'the current name is not known'}; nothing that could change the ` +
      'interaction is sent. Pass --current-name "<its real name>" to run the checks that write';

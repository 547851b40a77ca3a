import { markerOf, probeRunOf } from './marker';

/** What a run may do with the name it found on the interaction before changing anything. */
export type CurrentNameDecision = { kind: 'adopt'; name: string } | { kind: 'refuse'; message: string; hint: string };

/**
 * A name found before the run changed anything is adopted as the original,
 * unless it is a probe name: then another run (still going, or killed on a
 * machine whose journal this run cannot see) changed it, and the real name
 * is not known here. A journal of this machine is recovered before this is
 * asked, so a probe name seen here is never this machine's to put back.
 */
export function judgeCurrentName(name: string, where: { target: string; interactionId: string }): CurrentNameDecision {
  const run = probeRunOf(name);
  if (run === undefined) return { kind: 'adopt', name };
  const whose =
    run === 'unknown' ? 'an earlier version of this suite' : `contract-suite run ${run} (marker ${markerOf(run)})`;
  return {
    kind: 'refuse',
    message:
      `Interaction ${where.interactionId} on ${where.target} holds a probe name of ${whose}: ` +
      `${JSON.stringify(name)}. Another run is still going, or died without putting the real name back, ` +
      'and there is no journal for it on this machine. Nothing was changed.',
    hint:
      'Wait for the other run to finish and run again; or, if you know the real name, put it back with ' +
      'restore --name "<the real name>" (same --base-url and --interaction-id).',
  };
}

import fc from 'fast-check';
import { preview } from '../../contract/schemas';
import type { Interaction } from '../../contract/types.generated';
import type { FailureDetail } from '../results';
import { failed, passed, type CheckContext, type CheckOutcome } from './check';
import { groupOfChecks } from './group-of-checks';
import { readBack } from './preconditions';

// Timestamps are milliseconds: anything before 2001-09-09 (1e12 ms) is probably seconds.
const EARLIEST_PLAUSIBLE_MS = 1_000_000_000_000;
const DAY_MS = 86_400_000;

/** The rename the behaviour checks share: one request, several properties of its answer. */
function renameOnce(context: CheckContext) {
  return context.once('behaviour: the rename', async () => {
    const sent = `contract-suite check ${new Date().toISOString()}`;
    const request = `POST ${context.target.pathOf()} ${JSON.stringify({ name: sent })}`;
    const interaction = await context.target.client.interactions.update(context.target.interactionId, { name: sent });
    return { sent, request, interaction };
  });
}

/** Renames change the name and nothing they should not; the change holds. */
export const behaviour = groupOfChecks({
  name: 'behaviour',
  summary:
    'a rename returns the name sent, for the right id, with plausible timestamps, and persists; {} changes nothing',
  order: 10,
  checks: [
    {
      name: 'the name sent is the name returned',
      async run(context) {
        const { sent, request, interaction } = await renameOnce(context);
        return interaction.name === sent
          ? passed
          : failed({
              message: 'The response does not carry the name that was sent',
              request,
              path: '/name',
              expected: JSON.stringify(sent),
              actual: JSON.stringify(interaction.name),
            });
      },
    },
    {
      name: 'the response id is the id in the path',
      async run(context) {
        const { request, interaction } = await renameOnce(context);
        return interaction.id === context.target.interactionId
          ? passed
          : failed({
              message: 'The response is about another interaction',
              request,
              path: '/id',
              expected: JSON.stringify(context.target.interactionId),
              actual: JSON.stringify(interaction.id),
            });
      },
    },
    {
      name: 'created_at and updated_at are plausible millisecond timestamps',
      async run(context) {
        const { request, interaction } = await renameOnce(context);
        return plausibleTimestamps(interaction, request);
      },
    },
    {
      name: 'the change persisted (read back with GET)',
      needs: [readBack],
      async run(context) {
        const { sent } = await renameOnce(context);
        return readBackShows(context, sent, 'A read-back after the rename shows another name');
      },
    },
    {
      name: '{} changes nothing',
      async run(context) {
        const { sent } = await renameOnce(context);
        const after = await context.target.client.interactions.update(context.target.interactionId, {});
        const request = `POST ${context.target.pathOf()} {}`;
        if (after.name !== sent) {
          return failed({
            message: 'An empty update changed the name',
            request,
            path: '/name',
            expected: JSON.stringify(sent),
            actual: JSON.stringify(after.name),
          });
        }
        return context.readBack
          ? readBackShows(context, sent, 'After an empty update, a read-back shows another name')
          : passed;
      },
    },
    {
      name: 'generated names round-trip (non-ASCII, emoji, empty, 1,000 characters)',
      run: namesRoundTrip,
    },
  ],
});

function plausibleTimestamps(interaction: Interaction, request: string): CheckOutcome {
  const latest = Date.now() + DAY_MS;
  for (const field of ['created_at', 'updated_at'] as const) {
    const value = interaction[field];
    if (value < EARLIEST_PLAUSIBLE_MS || value > latest) {
      const seconds = value < EARLIEST_PLAUSIBLE_MS && value * 1000 >= EARLIEST_PLAUSIBLE_MS;
      return failed({
        message: `${field} is not a plausible time in milliseconds since the Unix epoch${seconds ? ' (this looks like seconds, not milliseconds)' : ''}`,
        request,
        path: `/${field}`,
        expected: `an integer from ${EARLIEST_PLAUSIBLE_MS} to ${latest}`,
        actual: String(value),
      });
    }
  }
  return interaction.updated_at >= interaction.created_at
    ? passed
    : failed({
        message: 'updated_at is earlier than created_at',
        request,
        path: '/updated_at',
        expected: `>= ${interaction.created_at}`,
        actual: String(interaction.updated_at),
      });
}

async function namesRoundTrip(context: CheckContext): Promise<CheckOutcome> {
  let mismatch: FailureDetail | undefined;
  const property = fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (name) => {
    const interaction = await context.target.client.interactions.update(context.target.interactionId, { name });
    if (interaction.name === name) return true;
    mismatch = {
      message: 'A generated name did not come back as sent',
      request: `POST ${context.target.pathOf()} ${preview({ name }).replace(/^object /, '')}`,
      path: '/name',
      expected: JSON.stringify(name),
      actual: JSON.stringify(interaction.name),
    };
    return false;
  });
  // The documented edge cases always run; then `samples` random ones. No shrinking: each try is a live request.
  const result = await fc.check(property, {
    numRuns: context.plan.samples,
    examples: [[''], ['x'.repeat(1000)], ['Reiseplanung für Zoë 🚆 東京 — ✓'], ['👩🏽‍🚀🇯🇵 مرحبا']],
    endOnFailure: true,
  });
  if (!result.failed) return passed;
  if (mismatch) return failed({ ...mismatch, message: `${mismatch.message} (fast-check seed ${result.seed})` });
  throw result.errorInstance ?? new Error('the round-trip property stopped without a verdict');
}

/** Reads the interaction back with GET and checks it carries `name`. */
async function readBackShows(context: CheckContext, name: string, message: string): Promise<CheckOutcome> {
  const read = await context.target.client.interactions.get(context.target.interactionId);
  return read.name === name
    ? passed
    : failed({
        message,
        request: `GET ${context.target.pathOf()}`,
        path: '/name',
        expected: JSON.stringify(name),
        actual: JSON.stringify(read.name),
      });
}

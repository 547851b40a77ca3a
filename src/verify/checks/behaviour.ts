import type { Interaction } from '../../contract/types.generated';
import type { SentRequest } from '../results';
import { failed, passed, type CheckOutcome } from './check';
import { groupOfChecks } from './group-of-checks';
import { describeNameMismatch } from './name-diff';
import { nameRecorded, notStatic, readBack } from './preconditions';
import { timestampProblem } from './timestamps';
import { changedFields, documentedFields, firstRename } from './renames';

/** A rename returns what was sent, about the right interaction, and the change holds. */
export const behaviour = groupOfChecks({
  name: 'behaviour',
  summary: 'a rename returns the name sent, for the right id, with plausible timestamps; a read-back equals its answer',
  order: 10,
  needs: [notStatic, nameRecorded],
  checks: [
    {
      id: 'behaviour.name-returned',
      promise: 'names',
      name: 'the name sent is the name returned',
      async run(context) {
        const { sent, request, interaction } = await firstRename(context);
        return interaction.name === sent
          ? passed
          : failed({ ...describeNameMismatch(sent, interaction.name), sent: request, path: '/name' });
      },
    },
    {
      id: 'behaviour.id-in-path',
      promise: 'answered-id',
      name: 'the response id is the id in the path',
      async run(context) {
        const { request, interaction } = await firstRename(context);
        return interaction.id === context.target.interactionId
          ? passed
          : failed({
              message: 'The response is about another interaction',
              sent: request,
              path: '/id',
              expected: JSON.stringify(context.target.interactionId),
              actual: JSON.stringify(interaction.id),
            });
      },
    },
    {
      id: 'behaviour.timestamps',
      promise: 'timestamps',
      name: 'created_at and updated_at are plausible millisecond timestamps',
      async run(context) {
        const { request, interaction } = await firstRename(context);
        return plausibleTimestamps(interaction, request);
      },
    },
    {
      id: 'behaviour.persisted',
      promise: 'persistence',
      name: 'the change persisted: a read-back equals the answer in every documented field',
      needs: [readBack],
      async run(context) {
        const { interaction, readBack: read } = await firstRename(context);
        if (!read?.interaction) throw read?.error ?? new Error('the read-back after the rename is missing');
        const changed = changedFields(interaction, read.interaction, documentedFields());
        if (changed.length === 0) return passed;
        const fieldNames = changed.map((c) => c.field).join(', ');
        return failed({
          message: `A read-back right after the rename differs from its answer in ${fieldNames}`,
          sent: read.request,
          path: `/${changed[0].field}`,
          expected: `${changed[0].before} (the rename's answer)`,
          actual: `${changed[0].after} (read back)`,
        });
      },
    },
  ],
});

function plausibleTimestamps(interaction: Interaction, request: SentRequest): CheckOutcome {
  for (const field of ['created_at', 'updated_at'] as const) {
    const problem = timestampProblem(field, interaction[field]);
    if (problem) return failed({ ...problem, sent: request });
  }
  return interaction.updated_at >= interaction.created_at
    ? passed
    : failed({
        message: 'updated_at is earlier than created_at',
        sent: request,
        path: '/updated_at',
        expected: `>= ${interaction.created_at}`,
        actual: String(interaction.updated_at),
      });
}

import type { SentRequest } from '../results';
import { failed, passed, type CheckOutcome } from './check';
import { groupOfChecks } from './group-of-checks';
import { nameRecorded, notStatic, readBeforeChange } from './preconditions';
import { changedFields, documentedFields, emptyUpdate, firstRename } from './renames';

/**
 * "Only the provided properties will be updated. Any properties not provided
 * will be left unchanged." Every documented field, before the run's first
 * rename, after it and after `{}`. The documentation is silent on whether `{}`
 * moves updated_at: that is not judged. created_at has a check of its own, so
 * a server that rewrites it fails that check and no other.
 */
export const fields = groupOfChecks({
  name: 'fields',
  summary:
    'a rename changes only name and updated_at, and moves updated_at later; created_at never changes; {} nothing',
  order: 12,
  needs: [notStatic, nameRecorded],
  checks: [
    {
      id: 'fields.rename-changes-only-name',
      promise: 'field-preservation',
      name: 'a rename changes no documented field but name and updated_at',
      needs: [readBeforeChange],
      async run(context) {
        const { request, interaction } = await firstRename(context);
        const judged = documentedFields().filter((f) => !['name', 'updated_at', 'created_at'].includes(f));
        return unchanged('A rename changed', context.original.interaction!, interaction, judged, request);
      },
    },
    {
      id: 'fields.updated-at-moves',
      promise: 'updated-at',
      name: 'the first rename moves updated_at later than the value read before it',
      needs: [readBeforeChange],
      async run(context) {
        const { request, interaction } = await firstRename(context);
        const before = context.original.interaction!.updated_at;
        if (typeof before !== 'number') {
          return { status: 'skipped', reason: 'the interaction read before the run has no numeric updated_at' };
        }
        // The server's own earlier value, never the suite's clock: a server clock that is off is no fault.
        return interaction.updated_at > before
          ? passed
          : failed({
              message:
                'The first rename did not move updated_at later than the value read before it ' +
                `(with ${context.original.via})`,
              sent: request,
              path: '/updated_at',
              expected: `later than ${before} (${isoOf(before)}, read before the rename)`,
              actual: `${interaction.updated_at} (${isoOf(interaction.updated_at)})`,
            });
      },
    },
    {
      id: 'fields.empty-update-changes-nothing',
      promise: 'field-preservation',
      name: '{} changes nothing',
      async run(context) {
        const { before, request, interaction, readBack } = await emptyUpdate(context);
        const judged = documentedFields().filter((f) => !['updated_at', 'created_at'].includes(f));
        const answer = unchanged('An empty update changed', before.interaction, interaction, judged, request);
        if (answer.status !== 'passed' || !readBack) return answer;
        if (!readBack.interaction) throw readBack.error;
        const message = 'After an empty update, a read-back shows a change in';
        return unchanged(message, before.interaction, readBack.interaction, judged, readBack.request);
      },
    },
    {
      id: 'fields.created-at-unchanged',
      promise: 'created-at',
      name: 'created_at never changes (a rename, then {})',
      needs: [readBeforeChange],
      async run(context) {
        const steps = [
          { what: 'The rename changed', ...(await firstRename(context)) },
          { what: 'The empty update changed', ...(await emptyUpdate(context)) },
        ];
        for (const { what, interaction, request } of steps) {
          const outcome = unchanged(what, context.original.interaction!, interaction, ['created_at'], request);
          if (outcome.status !== 'passed') return outcome;
        }
        return passed;
      },
    },
  ],
});

/** Passes when none of `fields` differs; else names each field, its value before and after. */
function unchanged(what: string, before: object, after: object, fields: string[], request: SentRequest): CheckOutcome {
  const changed = changedFields(before, after, fields);
  if (changed.length === 0) return passed;
  return failed({
    message: `${what} ${changed.map((c) => `${c.field} (${c.before} → ${c.after})`).join(', ')}`,
    sent: request,
    path: `/${changed[0].field}`,
    expected: `${changed[0].before} (before)`,
    actual: `${changed[0].after} (after)`,
  });
}

function isoOf(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'not a time' : date.toISOString();
}

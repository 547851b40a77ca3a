import fc from 'fast-check';
import type { FailureDetail } from '../results';
import { failed, passed, type CheckContext, type CheckOutcome } from './check';
import { groupOfChecks } from './group-of-checks';
import { nameRecorded, notStatic } from './preconditions';
import { describeNameMismatch } from './name-diff';
import { firstRename, isMarked, post, settleOnProbeName } from './renames';

/**
 * "The name of the interaction": it comes back exactly as sent, code point
 * for code point. One fixed example for each way real servers mangle text,
 * always run, each its own check; random names then add to them.
 */
const FIXED_NAMES = [
  { id: 'names.padding', check: 'leading and trailing whitespace comes back as sent', name: '  \t padded name \n ' },
  {
    id: 'names.inner-whitespace',
    check: 'inner whitespace (two spaces, a tab, a newline) comes back as sent',
    name: 'two  spaces\ta tab\na newline',
  },
  {
    id: 'names.markup',
    check: `markup and quoting characters (& < > " ' \\) come back as sent`,
    name: `Q&A <b>"it's"</b> C:\\path`,
  },
  {
    id: 'names.decomposed',
    check: 'a decomposed e + U+0301 comes back decomposed',
    name: 'Cafe\u0301 de\u0301ja\u0300 vu',
  },
  {
    id: 'names.precomposed',
    check: 'its precomposed twin U+00E9 comes back precomposed',
    name: 'Caf\u00e9 d\u00e9j\u00e0 vu',
  },
  {
    id: 'names.astral',
    check: 'characters outside the BMP come back as sent',
    name: '𝔗𝔯𝔦𝔭 🚆 𠜎𠜱 𓀀',
  },
  {
    id: 'names.zwj',
    check: 'a ZWJ emoji sequence comes back as sent',
    name: 'Crew 👩🏽‍🚀 family 👨‍👩‍👧‍👦',
  },
  { id: 'names.rtl', check: 'right-to-left text comes back as sent', name: 'تخطيط الرحلة שיחה 42' },
  { id: 'names.mixed-case', check: 'mixed case comes back as sent', name: 'MiXeD cAsE Trip PLANNING' },
  { id: 'names.empty', check: 'the empty name comes back empty', name: '' },
  { id: 'names.long', check: 'a 1,000-character name comes back whole', name: 'x'.repeat(1000) },
] as const;

export const names = groupOfChecks({
  name: 'names',
  summary: 'every name comes back exactly as sent: a fixed set of hard cases, then --samples random ones',
  order: 14,
  needs: [notStatic, nameRecorded],
  checks: [
    ...FIXED_NAMES.map(({ id, check, name }) => ({
      id,
      promise: 'names' as const,
      name: check,
      async run(context: CheckContext) {
        const mismatch = await roundTrip(context, name);
        return mismatch ? failed(mismatch) : passed;
      },
    })),
    { id: 'names.random', promise: 'names', name: 'random names come back as sent (--samples)', run: randomNames },
  ],
});

/** Sends one name; the mismatch, if it came back otherwise. */
async function roundTrip(context: CheckContext, name: string): Promise<FailureDetail | undefined> {
  // The run's first rename comes first (its updated_at is judged); whether it failed is judged elsewhere.
  await firstRename(context).catch(() => undefined);
  let interaction;
  try {
    interaction = await context.target.client.interactions.update(context.target.interactionId, { name });
  } finally {
    if (!isMarked(name)) await settleOnProbeName(context);
  }
  if (interaction.name === name) return undefined;
  return {
    ...describeNameMismatch(name, interaction.name),
    sent: post(context, { name }),
    path: '/name',
  };
}

async function randomNames(context: CheckContext): Promise<CheckOutcome> {
  if (context.settings.samples === 0) return { status: 'skipped', reason: '--samples 0: no random names asked for' };
  let mismatch: FailureDetail | undefined;
  const property = fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (name) => {
    mismatch = await roundTrip(context, name);
    return mismatch === undefined;
  });
  // No shrinking: each try is a live request.
  const result = await fc.check(property, { numRuns: context.settings.samples, endOnFailure: true });
  if (!result.failed) return passed;
  if (mismatch) return failed({ ...mismatch, message: `${mismatch.message} (fast-check seed ${result.seed})` });
  throw result.errorInstance ?? new Error('the round-trip property stopped without a verdict');
}

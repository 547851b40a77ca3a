import { diffSchema, type Direction } from './schema-diff';

type Schema = Record<string, unknown>;

const interaction: Schema = {
  type: 'object',
  required: ['id', 'initial_turn', 'name'],
  properties: {
    id: { type: 'string', description: 'The id' },
    initial_turn: { type: 'string', enum: ['user', 'agent'] },
    name: { type: 'string' },
    total_message_count: { type: 'integer', minimum: 0 },
    created_at: { type: 'string', format: 'date-time' },
  },
};
const params: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: ['string', 'null'] }, colour: { type: 'string', enum: ['red', 'blue'] } },
};

/** Applies a change to a copy of the schema and returns "verdict pointer" for each change found. */
function verdicts(base: Schema, direction: Direction, change: (s: any) => void): string[] {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const after = structuredClone(base);
  change(after);
  return diffSchema('S', base, after, direction).map((c) => `${c.verdict} ${c.pointer}`);
}

describe('diffSchema on a response', () => {
  it.each<[string, (s: any) => void, string[]]>([
    // eslint-disable-line @typescript-eslint/no-explicit-any
    ['no change at all', () => undefined, []],
    [
      'a purely cosmetic change',
      (s) => {
        s.properties.id.description = 'Another text';
        s.title = 'T';
        s.examples = [{}];
        s.properties = Object.fromEntries(Object.entries(s.properties).reverse());
      },
      [],
    ],
    ['removing a field', (s) => delete s.properties.name, ['breaking S#/properties/name']],
    [
      'renaming a field',
      (s) => {
        s.properties.display_name = s.properties.name;
        delete s.properties.name;
      },
      ['breaking S#/properties/name', 'compatible S#/properties/display_name'],
    ],
    ['making a required field optional', (s) => (s.required = ['id', 'initial_turn']), ['breaking S#/required']],
    [
      'making a field nullable (type array)',
      (s) => (s.properties.name.type = ['string', 'null']),
      ['breaking S#/properties/name/type'],
    ],
    [
      'making a field nullable (OpenAPI 3.0 nullable)',
      (s) => (s.properties.name.nullable = true),
      ['breaking S#/properties/name/type'],
    ],
    [
      'changing a type',
      (s) => (s.properties.total_message_count.type = 'string'),
      ['breaking S#/properties/total_message_count/type'],
    ],
    [
      'widening integer to number',
      (s) => (s.properties.total_message_count.type = 'number'),
      ['breaking S#/properties/total_message_count/type'],
    ],
    [
      'adding an enum value',
      (s) => s.properties.initial_turn.enum.push('system'),
      ['breaking S#/properties/initial_turn/enum'],
    ],
    [
      'dropping the enum altogether',
      (s) => delete s.properties.initial_turn.enum,
      ['breaking S#/properties/initial_turn/enum'],
    ],
    ['loosening a format', (s) => delete s.properties.created_at.format, ['breaking S#/properties/created_at/format']],
    [
      'loosening a bound',
      (s) => delete s.properties.total_message_count.minimum,
      ['breaking S#/properties/total_message_count/minimum'],
    ],
    [
      'adding an optional field',
      (s) => (s.properties.colour = { type: 'string' }),
      ['compatible S#/properties/colour'],
    ],
    [
      'adding a required field',
      (s) => {
        s.properties.colour = { type: 'string' };
        s.required.push('colour');
      },
      ['compatible S#/properties/colour'],
    ],
    [
      'removing an enum value',
      (s) => s.properties.initial_turn.enum.pop(),
      ['compatible S#/properties/initial_turn/enum'],
    ],
    ['making an optional field required', (s) => s.required.push('total_message_count'), ['compatible S#/required']],
    [
      'changing a keyword this differ does not analyse',
      (s) => (s.properties.name.anyOf = [{ minLength: 1 }]),
      ['breaking S#/properties/name/anyOf'],
    ],
  ])('%s', (_case, change, expected) => {
    expect(verdicts(interaction, 'response', change)).toEqual(expected);
  });
});

describe('diffSchema on a request', () => {
  it.each<[string, (s: any) => void, string[]]>([
    // eslint-disable-line @typescript-eslint/no-explicit-any
    ['no change at all', () => undefined, []],
    [
      'adding a required field',
      (s) => {
        s.properties.title = { type: 'string' };
        s.required = ['title'];
      },
      ['breaking S#/properties/title'],
    ],
    ['making an existing field required', (s) => (s.required = ['name']), ['breaking S#/required']],
    [
      'narrowing a type (no longer nullable)',
      (s) => (s.properties.name.type = 'string'),
      ['breaking S#/properties/name/type'],
    ],
    ['removing an accepted enum value', (s) => s.properties.colour.enum.pop(), ['breaking S#/properties/colour/enum']],
    ['removing a field the schema then rejects', (s) => delete s.properties.colour, ['breaking S#/properties/colour']],
    ['adding a format', (s) => (s.properties.name.format = 'email'), ['breaking S#/properties/name/format']],
    ['adding an optional field', (s) => (s.properties.title = { type: 'string' }), ['compatible S#/properties/title']],
    [
      'widening a type',
      (s) => (s.properties.name.type = ['string', 'null', 'number']),
      ['compatible S#/properties/name/type'],
    ],
    ['adding an enum value', (s) => s.properties.colour.enum.push('green'), ['compatible S#/properties/colour/enum']],
    ['allowing unknown properties', (s) => delete s.additionalProperties, ['compatible S#/additionalProperties']],
    [
      'rejecting unknown properties',
      (s) => ((s.additionalProperties = false), (s.properties.x = { type: 'string' })),
      ['compatible S#/properties/x'],
    ],
  ])('%s', (_case, change, expected) => {
    expect(verdicts(params, 'request', change)).toEqual(expected);
  });

  it('says why, naming the value and the direction', () => {
    const after = structuredClone(params) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    after.properties.colour.enum = ['red'];
    expect(diffSchema('InteractionUpdateParams', params, after, 'request')).toEqual([
      {
        pointer: 'InteractionUpdateParams#/properties/colour/enum',
        verdict: 'breaking',
        reason: 'request: value "blue" removed',
      },
    ]);
  });
});

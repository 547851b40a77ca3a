import { mayBacktrackCatastrophically, removeUnsafePatterns } from './patterns';

describe('patterns from a document are checked before a backtracking engine runs them', () => {
  it.each([
    ['^(([^x]*)*)*x$', true],
    ['^(a+)+$', true],
    ['^(a|aa)*$', true],
    ['^(\\d+\\s?)+$', true],
    ['^(a{1,3}){2,}$', true],
    ['(a)\\1', true],
    ['^(?=a).*$', true],
    ['^[a-z]+(-[a-z]+)*$', false],
    ['^([a-z]+-)*$', true],
    ['^(?:[0-9]+)+$', true],
    ['^(?<n>[0-9]{2})$', false],
    ['^ia_[A-Za-z0-9]{1,64}$', false],
    ['^(\\+|-)?\\d+$', false],
    ['^.*$', false],
    ['^[(*+]+$', false],
    ['^(ab){3}$', false],
  ])('%s: %s', (pattern, unsafe) => {
    expect(mayBacktrackCatastrophically(pattern)).toBe(unsafe);
  });

  it('takes the unsafe ones out of the document, and says where they were', () => {
    const document = {
      components: {
        schemas: {
          A: { type: 'string', pattern: '^(([^x]*)*)*x$' },
          B: { type: 'string', pattern: '^[a-z]+$' },
          C: { type: 'object', patternProperties: { '^(a+)+$': { type: 'string' }, '^x-': {} } },
          D: { type: 'string', example: { pattern: '^(a+)+$' } },
        },
      },
    };
    expect(removeUnsafePatterns(document)).toEqual([
      { pointer: '/components/schemas/C/patternProperties/^(a+)+$', pattern: '^(a+)+$' },
      { pointer: '/components/schemas/A/pattern', pattern: '^(([^x]*)*)*x$' },
    ]);
    expect(document.components.schemas.A).toEqual({ type: 'string' });
    expect(document.components.schemas.B.pattern).toBe('^[a-z]+$');
    expect(Object.keys(document.components.schemas.C.patternProperties)).toEqual(['^x-']);
    expect(document.components.schemas.D.example).toEqual({ pattern: '^(a+)+$' });
  });
});

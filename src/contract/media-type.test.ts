import { describeContentType } from './media-type';

describe('describeContentType', () => {
  it.each([
    ['application/json; charset=utf-8', 'Content-Type application/json; charset=utf-8'],
    [
      'application/problem+json',
      'Content-Type application/problem+json: JSON, but not the documented application/json',
    ],
    [
      'application/vnd.api+json; charset=utf-8',
      'Content-Type application/vnd.api+json; charset=utf-8: JSON, but not the documented application/json',
    ],
    ['text/html', 'Content-Type text/html: not JSON'],
    ['', 'no Content-Type'],
  ])('%j is %j', (contentType, described) => {
    expect(describeContentType(contentType)).toBe(described);
  });
});

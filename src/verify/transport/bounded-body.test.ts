import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BodyCollector, decodeBody, mib, readBounded } from './bounded-body';

describe('BodyCollector', () => {
  it('keeps a body up to the limit', () => {
    const body = new BodyCollector(10);
    expect(body.add(Buffer.from('hello'))).toBe(true);
    expect(body.add(Buffer.from('world'))).toBe(true);
    expect(body.body().toString()).toBe('helloworld');
    expect(body.overLimit).toBe(false);
  });

  it('refuses, and lets go of what it held, once past the limit', () => {
    const body = new BodyCollector(10);
    body.add(Buffer.from('hello'));
    expect(body.add(Buffer.from('world!'))).toBe(false);
    expect(body.overLimit).toBe(true);
    expect(body.bytes).toBe(11);
    expect(body.body().length).toBe(0);
  });
});

describe('readBounded', () => {
  it('reads a stream within the limit', async () => {
    await expect(readBounded(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), 4)).resolves.toEqual(
      Buffer.from('abcd'),
    );
  });

  it('stops an endless stream at the limit', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(1024));
      },
    });
    await expect(readBounded(endless, 10 * 1024)).rejects.toThrow('body larger than 0.01 MiB');
    expect(endless.isPaused()).toBe(true);
    expect(pulled).toBeLessThan(100);
  });
});

describe('decodeBody', () => {
  const json = Buffer.from('{"name":"x"}');

  it('undoes gzip, deflate and brotli, and drops the headers that described them', () => {
    for (const [encoding, data] of [
      ['gzip', zlib.gzipSync(json)],
      ['deflate', zlib.deflateSync(json)],
      ['br', zlib.brotliCompressSync(json)],
    ] as const) {
      const out = decodeBody({ 'content-encoding': encoding, 'content-length': '9', 'x-a': 'b' }, data, 1024);
      expect(out.body).toEqual(json);
      expect(out.headers).toEqual({ 'x-a': 'b' });
    }
  });

  it('leaves a plain body alone', () => {
    expect(decodeBody({}, json, 4).body).toBe(json);
  });

  it('stops a small gzip that expands past the limit', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(() => decodeBody({ 'content-encoding': 'gzip' }, bomb, 1024 * 1024)).toThrow(
      'response body larger than 1 MiB (once gzip-decoded)',
    );
  });

  it('names a body that claims gzip and is not', () => {
    expect(() => decodeBody({ 'content-encoding': 'gzip' }, json, 1024)).toThrow(
      /the body was sent as gzip but could not be decoded/,
    );
  });
});

describe('mib', () => {
  it('says a cap as the user sets it', () => {
    expect(mib(4 * 1024 * 1024)).toBe('4 MiB');
    expect(mib(512 * 1024)).toBe('0.5 MiB');
  });
});

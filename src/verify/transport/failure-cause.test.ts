import { describeFailure, timeoutCause } from './failure-cause';

const where = '127.0.0.1:4010';
const error = (code: string, message = code, extra: object = {}) =>
  Object.assign(new Error(message), { code }, extra) as NodeJS.ErrnoException;
const before = { bytes: 0 };

describe('describeFailure', () => {
  it('keeps the plain causes of the connection errors, and retries only a cut connection', () => {
    expect(describeFailure(error('ECONNREFUSED'), where, before)).toEqual({
      cause: 'connection refused by 127.0.0.1:4010 (ECONNREFUSED): nothing is listening there',
      transient: false,
    });
    expect(describeFailure(error('ECONNRESET'), where, before)).toEqual({
      cause: 'connection reset by 127.0.0.1:4010 (ECONNRESET)',
      transient: true,
    });
    expect(describeFailure(error('ECONNRESET', 'socket hang up'), where, before).cause).toBe(
      'connection reset by 127.0.0.1:4010 (ECONNRESET)',
    );
    expect(describeFailure(error('ENOTFOUND'), where, before).cause).toMatch(/not found \(ENOTFOUND\): check the host/);
  });

  it('says a body was cut short against what was announced', () => {
    expect(
      describeFailure(error('ECONNRESET', 'aborted'), where, { headersAfterMs: 3, bytes: 100, announced: 500 }),
    ).toEqual({
      cause: '127.0.0.1:4010 closed after 100 of the 500 bytes it announced',
      transient: true,
    });
    expect(describeFailure(error('ECONNRESET', 'aborted'), where, { headersAfterMs: 3, bytes: 7 }).cause).toBe(
      '127.0.0.1:4010 closed after 7 bytes of the body, before its end',
    );
  });

  it('says a non-HTTP answer is not HTTP, shows how it began, and never names the parser code', () => {
    const { cause, transient } = describeFailure(
      error('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/', {
        rawPacket: Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'),
      }),
      where,
      before,
    );
    expect(cause).toBe(
      'the target did not answer with HTTP (it began "SSH-2.0-OpenSSH_9.6\\r\\n"): ' +
        'is 127.0.0.1:4010 the right port, and http:// or https:// right?',
    );
    expect(cause).not.toMatch(/HPE_/);
    expect(transient).toBe(false);
  });

  it('escapes what a non-HTTP server sent', () => {
    const { cause } = describeFailure(
      error('HPE_INVALID_CONSTANT', 'x', { rawPacket: Buffer.from('\u001b]0;pwned\u0007\u001b[2J and a long tail') }),
      where,
      before,
    );
    expect(cause).not.toMatch(/[\u0000-\u001f]/);
    expect(cause).toContain('\\u001b]0;pwned');
  });

  it('names oversized headers in the size Node allows', () => {
    expect(describeFailure(error('HPE_HEADER_OVERFLOW'), where, before).cause).toBe(
      'response headers larger than 16 KiB from 127.0.0.1:4010',
    );
  });

  it('says an untrusted certificate is untrusted, and how to trust a private CA', () => {
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]) {
      expect(describeFailure(error(code), where, before)).toEqual({
        cause: `TLS certificate not trusted — set NODE_EXTRA_CA_CERTS to your CA file (127.0.0.1:4010: ${code})`,
        transient: false,
      });
    }
    expect(describeFailure(error('CERT_HAS_EXPIRED'), where, before).cause).toMatch(/out of its validity dates/);
    expect(describeFailure(error('ERR_TLS_CERT_ALTNAME_INVALID'), where, before).cause).toMatch(/another host name/);
    expect(describeFailure(error('EPROTO'), where, before).cause).toMatch(/use http:\/\/ in --base-url/);
  });
});

describe('timeoutCause', () => {
  it('says no answer came when none did', () => {
    expect(timeoutCause(300, where, before)).toBe(
      'no answer within 300 ms from 127.0.0.1:4010 (timed out; raise --timeout-ms if the target is just slow)',
    );
  });

  it('says the headers came and the body did not finish', () => {
    expect(timeoutCause(500, where, { headersAfterMs: 4, bytes: 12 })).toBe(
      'headers after 4 ms; body still incomplete after 500 ms (12 bytes so far) from 127.0.0.1:4010; ' +
        '--timeout-ms covers the whole response',
    );
    expect(timeoutCause(500, where, { headersAfterMs: 4, bytes: 12, announced: 900 })).toMatch(
      /\(12 bytes so far of 900 announced\)/,
    );
  });
});

// An oversized body is answered with the Descope 413 even while the client is still sending it: the
// emulator reads the rest first (up to a bound), so the client sees the answer, not a broken pipe.
// A raw socket makes the timing deterministic: the body goes out in slow chunks, long after the
// server knows (from Content-Length) that it is too large.
import { connect, type Socket } from 'node:net';
import { expect, expectBody, test } from './fixtures.ts';

const SIGNIN = '/v1/auth/otp/signin/sms';
const LIMIT = 1024 * 1024;

interface RawAnswer {
  /** The status line and headers, then the body, as the socket delivered them. */
  text: string;
  /** A write failed (EPIPE, ECONNRESET): the server closed on a client still sending. */
  writeError?: string;
  /** Body bytes written before the server's answer arrived. */
  sentBeforeAnswer: number;
}

/** Sends headers announcing `length` bytes, then `chunks` chunks of the body `pauseMs` apart. */
function trickle(url: string, bearer: string, options: { length: number; chunks: number; pauseMs: number }): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    // Half-open, as an HTTP client that is still uploading: a FIN from the server does not stop it writing.
    const socket: Socket = connect({ port: Number(port), host: hostname, allowHalfOpen: true });
    let text = '';
    let writeError: string | undefined;
    let sent = 0;
    let sentBeforeAnswer = -1;
    socket.on('data', (chunk) => {
      if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
      text += chunk.toString('latin1');
    });
    socket.on('end', () => socket.end());
    socket.on('error', (error: NodeJS.ErrnoException) => (writeError ??= error.code ?? error.message));
    socket.on('close', () => resolve({ text, writeError, sentBeforeAnswer }));
    socket.on('connect', async () => {
      socket.write(`POST ${SIGNIN} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${bearer}\r\nContent-Type: application/json\r\nContent-Length: ${options.length}\r\n\r\n`);
      const size = Math.ceil(options.length / options.chunks);
      while (sent < options.length && !socket.destroyed && sentBeforeAnswer < 0) {
        await new Promise((done) => setTimeout(done, options.pauseMs));
        const chunk = Math.min(size, options.length - sent);
        if (!socket.destroyed) socket.write(Buffer.alloc(chunk, 0x20));
        sent += chunk;
      }
      // The whole body is out: now the client waits for the answer, as any HTTP client does.
    });
  });
}

test('a client still sending an oversized body gets the 413, not a broken pipe', async ({ api }) => {
  const length = LIMIT + 64 * 1024;
  const answer = await trickle(api.emulator.url, api.target.projectId, { length, chunks: 20, pauseMs: 10 });
  expect(answer.sentBeforeAnswer, 'body bytes the client had sent when the answer came').toBe(length);
  expect(answer.writeError, 'no write of the client failed').toBeUndefined();
  expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
  expect(answer.text).toContain('"errorCode":"E011001"');
  const { loginId } = await api.newUser();
  expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
});

test.describe('a body that never ends', () => {
  test.use({ emulatorDrain: { maxBytes: 4 * LIMIT, maxMs: 300 } });

  test('does not hold the socket: the 413 comes at the time bound, and the next request works', async ({ api }) => {
    // Announces 100 MB and sends a trickle: far more than the server will wait for.
    const answer = await trickle(api.emulator.url, api.target.projectId, { length: 100 * LIMIT, chunks: 100_000, pauseMs: 20 });
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    const { loginId } = await api.newUser();
    expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
  });

  test('does not hold the socket past the byte bound either', async ({ api }) => {
    const answer = await trickle(api.emulator.url, api.target.projectId, { length: 100 * LIMIT, chunks: 400, pauseMs: 0 });
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    const { loginId } = await api.newUser();
    expectBody(await api.signInSms(loginId), 200, 'signin-sms-response');
  });
});

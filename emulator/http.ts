// The HTTP conventions every route shares, installed once on the root app with their settings
// passed in: lenient JSON bodies, Descope-shaped errors for every failure (never a retried 5xx),
// a JSON 404 for unknown routes, and request logs that carry no secrets.
import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { validate, type SchemaName } from '../specs/contract.ts';
import { DescopeError, internalError, type Fail } from './errors.ts';
import { faultsApply, sendFaultyError } from './fault-hooks.ts';
import { hasFault } from './project.ts';

/**
 * How much of an oversized body is read (and thrown away) before the refusal is sent. A client is
 * usually still sending when the server knows the body is too large; answering then and closing
 * makes it see a broken pipe (EPIPE) instead of the answer. Reading the rest first, up to these
 * bounds, lets it finish and read the 413. A body past them (or one that never ends) gets the 413
 * and the connection closed, so it cannot hold a socket.
 */
export interface DrainBounds {
  maxBytes: number;
  maxMs: number;
}

export const DEFAULT_DRAIN: DrainBounds = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/** Reads and discards the rest of a request body; resolves when it ends or a bound is reached. */
export function discardRestOfBody(raw: IncomingMessage, bounds: DrainBounds): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((done) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('close', finish).off('error', finish);
      done();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > bounds.maxBytes) finish();
    };
    const timer = setTimeout(finish, bounds.maxMs);
    raw.on('data', onData).once('end', finish).once('close', finish).once('error', finish);
    raw.resume();
  });
}

export type LogSink = (line: string) => void;

/**
 * Request log lines to stderr, gathered and written at most every LOG_FLUSH_MS (or once 64 KiB are
 * waiting): under load one write carries hundreds of lines, not one per request (bench/README.md, "Logging").
 * Whatever is pending is written on exit.
 */
export const stderrSink: LogSink = (line) => {
  if (pendingLog === '') {
    setTimeout(flushLog, LOG_FLUSH_MS).unref();
    if (!flushOnExit) {
      flushOnExit = true;
      process.once('exit', flushLog);
    }
  }
  pendingLog += `${line}\n`;
  if (pendingLog.length > 65_536) flushLog();
};

const LOG_FLUSH_MS = 20;
let pendingLog = '';
let isoMs = 0;
let isoText = '';

/** The current time as ISO 8601, formatted at most once per millisecond. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}
let flushOnExit = false;

function flushLog(): void {
  if (pendingLog === '') return;
  const text = pendingLog;
  pendingLog = '';
  process.stderr.write(text);
}

export interface HttpConventions {
  fail: Fail;
  /** Bodies over this many bytes get the bodyTooLarge error. */
  bodyLimitBytes: number;
  drain?: DrainBounds;
  /** Where request log lines go; undefined logs no requests. */
  log?: LogSink;
  /** Where internal errors (genuine bugs) go, even when requests are not logged. */
  errorLog?: LogSink;
}

export function sendError(reply: FastifyReply, error: DescopeError): FastifyReply {
  if (faultsApply(reply.request)) return sendFaultyError(reply, error);
  return reply.status(error.status).headers(error.headers).type('application/json').send(error.body());
}

export function installHttpConventions(app: FastifyInstance, { fail, bodyLimitBytes, drain = DEFAULT_DRAIN, log, errorLog = log }: HttpConventions): void {
  // The real service parses JSON whatever the Content-Type says; an empty body is {}.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, text, done) => {
    const source = String(text);
    if (source.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(source));
    } catch {
      done(fail('malformedJson', 'Request body is not valid JSON'), undefined);
    }
  });

  app.setErrorHandler(async (error: FastifyError | DescopeError, request, reply) => {
    if (error instanceof DescopeError) return sendError(reply, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      if (!hasFault(request.project, 'oversized-early-answer')) await discardRestOfBody(request.raw, drain);
      return sendError(reply, fail('bodyTooLarge', `Request body is over ${bodyLimitBytes} bytes`));
    }
    // Fastify's own client errors (bad Content-Length, aborted bodies…) are malformed requests.
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, fail('malformedJson', 'Malformed request'));
    }
    errorLog?.(JSON.stringify({ level: 'error', route: request.routeOptions.url ?? '(unmatched)', error: String(error.stack ?? error) }));
    return sendError(reply, internalError());
  });

  app.setNotFoundHandler((_request, reply) => sendError(reply, fail('routeNotFound', 'No such route or method')));

  if (log) {
    // Route pattern only: never the URL (query strings carry login IDs), bodies or headers. A
    // callback hook and a template line with the timestamp formatted once per millisecond keep the
    // log's cost per request small (bench/).
    const quotedRoutes = new Map<string, string>();
    const quoted = (route: string) => quotedRoutes.get(route) ?? quotedRoutes.set(route, JSON.stringify(route)).get(route)!;
    app.addHook('onResponse', (request, reply, done) => {
      const route = quoted(request.routeOptions.url ?? '(unmatched)');
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      log(`{"level":"info","time":"${isoNow()}","method":"${request.method}","route":${route},"status":${reply.statusCode},"ms":${ms}}`);
      done();
    });
  }
}

/**
 * Checks input against its schema in schemas/ and returns it typed. A missing required field is
 * the missingField error, any other rule the invalidField error, with ajv's sentence as message.
 */
export function checkInput<T>(fail: Fail, name: SchemaName, data: unknown, pointer = ''): T {
  const input = data ?? {};
  const result = validate(name, input, pointer);
  if (result.ok) return input as T;
  const missing = result.errors.findIndex((error) => error.keyword === 'required');
  throw fail(missing >= 0 ? 'missingField' : 'invalidField', withoutValue(result.problems[Math.max(missing, 0)] ?? 'Invalid request'));
}

/** ajv's sentence ends with the value it saw; that can be a code or a key, so it is never echoed. */
function withoutValue(problem: string): string {
  return problem.replace(/ \(rule: (\w+)\), was [\s\S]*$/, ' (rule: $1)');
}

// The example's page server: index.html, app.js and Descope's published web SDK bundle (the UMD
// build, unmodified, straight from node_modules), on a port of its own. Prints one line,
// `listening on http://HOST:PORT`, once ready, as the emulator does (lib/server.ts waits for it).
//   npx tsx examples/sms-sign-in/serve.ts [--port 4020] [--host 127.0.0.1]     (--port 0: a free one)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE = 'usage: npx tsx examples/sms-sign-in/serve.ts [--port N (default 4020; 0: a free one)] [--host H (default 127.0.0.1)]\nExit codes: 0 stopped by SIGINT/SIGTERM; 1 could not listen; 2 a bad option.';
let values: { port: string; host: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { port: { type: 'string', default: '4020' }, host: { type: 'string', default: '127.0.0.1' }, help: { type: 'boolean' } } }));
} catch (error) {
  process.stderr.write(`serve: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

// The package exports only its ESM and CJS entries; the UMD bundle sits next to them in dist/.
const sdkDist = join(dirname(createRequire(import.meta.url).resolve('@descope/web-js-sdk')), '..');

/** URL path → file and its content type. Nothing else is served. */
const FILES: Record<string, [file: string, type: string]> = {
  '/': [join(import.meta.dirname, 'index.html'), 'text/html; charset=utf-8'],
  '/index.html': [join(import.meta.dirname, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [join(import.meta.dirname, 'app.js'), 'text/javascript; charset=utf-8'],
  '/sdk/index.umd.js': [join(sdkDist, 'index.umd.js'), 'text/javascript; charset=utf-8'],
  '/sdk/index.umd.js.map': [join(sdkDist, 'index.umd.js.map'), 'application/json'],
};

const server = createServer(async (request, response) => {
  const found = FILES[new URL(request.url ?? '/', 'http://page').pathname];
  if ((request.method !== 'GET' && request.method !== 'HEAD') || !found) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  try {
    const body = await readFile(found[0]);
    response.writeHead(200, { 'content-type': found[1], 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch (error) {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`);
  }
});

server.on('error', (error) => {
  process.stderr.write(`serve: ${error.message}\n`);
  process.exit(1);
});
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://${address.includes(':') ? `[${address}]` : address}:${port}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

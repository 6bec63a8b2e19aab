// The ceiling for this runtime: a bare node:http server that reads the JSON body and answers the
// sign-in response's JSON (same size and headers as the emulator's), nothing else. Run as its own
// process, like the emulator, and prints the same `listening on URL` line.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const answer = JSON.stringify({ maskedPhone: '+*******0000' });

const server = createServer((request, response) => {
  let text = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (text += chunk));
  request.on('end', () => {
    let status = 200;
    try {
      JSON.parse(text);
    } catch {
      status = 400;
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
    response.end(answer);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));

// The second ceiling: a fastify hello-world that answers the sign-in response's JSON to a JSON POST
// (fastify's own body parsing and serialisation, logger off), nothing else. The gap between it and
// bare node:http is fastify's; the gap between it and the emulator is the emulator's own work.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/auth/otp/signin/sms', async () => ({ maskedPhone: '+*******0000' }));

const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${url}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// POST /v1/auth/otp/signin/sms and POST /v1/auth/otp/verify/sms.
import type { FastifyPluginAsync } from 'fastify';
import { authenticateProject } from '../auth.ts';
import { checkInput } from '../http.ts';
import { completeSignIn, sendSignInCode, verifyCode, verifyCodeWithRace, type SignInInput } from '../otp.ts';
import { hasFault, type Project } from '../project.ts';
import { createRateLimiter } from '../rate-limit.ts';

export const authRoutes: FastifyPluginAsync<{ project: Project }> = async (app, { project }) => {
  const checkRateLimit = createRateLimiter(project);
  // A callback hook, not an async one: no promise per request while the limit is off (the default).
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      checkRateLimit(request);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });

  app.post('/v1/auth/otp/signin/sms', async (request) => {
    const { refreshJwt } = authenticateProject(project, request);
    const input = checkInput<SignInInput>(project.fail, 'signin-sms-request', request.body);
    return sendSignInCode(project, input, refreshJwt);
  });

  app.post('/v1/auth/otp/verify/sms', async (request) => {
    authenticateProject(project, request);
    const { loginId, code } = checkInput<{ loginId: string; code: string }>(project.fail, 'verify-sms-request', request.body);
    // verifyCode consumes the code synchronously; only then are tokens signed.
    const verified = hasFault(project, 'verify-race') ? await verifyCodeWithRace(project, loginId, code) : verifyCode(project, loginId, code);
    return completeSignIn(project, verified);
  });
};

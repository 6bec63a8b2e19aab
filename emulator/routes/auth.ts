// POST /v1/auth/otp/signin/sms and POST /v1/auth/otp/verify/sms, for the project the bearer names.
import type { FastifyPluginAsync } from 'fastify';
import { authenticateProject } from '../auth.ts';
import { checkInput } from '../http.ts';
import { asksForStepUp, checkStepUp, completeSignIn, sendSignInCode, verifyCode, verifyCodeWithRace, type SignInInput } from '../otp.ts';
import { hasFault } from '../project.ts';
import { checkRateLimit } from '../rate-limit.ts';

export const authRoutes: FastifyPluginAsync = async (app) => {
  // The rate limit is checked in the handlers, not in a hook: a hook costs every request (bench/README.md).
  // Not an async handler: a plain sign-in answers synchronously (no promise per request); only a
  // step-up or MFA sign-in waits, for its refresh JWT's check.
  app.post('/v1/auth/otp/signin/sms', (request) => {
    checkRateLimit(request.project, request.ip);
    const { project, refreshJwt } = authenticateProject(request);
    const input = checkInput<SignInInput>(project.fail, 'signin-sms-request', request.body);
    if (asksForStepUp(input)) return checkStepUp(project, input, refreshJwt).then(() => sendSignInCode(project, input));
    return sendSignInCode(project, input);
  });

  app.post('/v1/auth/otp/verify/sms', async (request) => {
    checkRateLimit(request.project, request.ip);
    const { project } = authenticateProject(request);
    const { loginId, code } = checkInput<{ loginId: string; code: string }>(project.fail, 'verify-sms-request', request.body);
    // verifyCode consumes the code synchronously; only then are tokens signed.
    const verified = hasFault(project, 'verify-race') ? await verifyCodeWithRace(project, loginId, code) : verifyCode(project, loginId, code);
    return completeSignIn(project, verified);
  });
};

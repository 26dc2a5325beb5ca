import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decryptEmail } from '../account-email.ts';
import { checkPassword } from '../account-rules.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { hashPassword } from '../password-hasher.ts';
import { storeNewPassword } from '../password-update.ts';
import { reauthenticate } from '../reauthentication.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const ChangePassword = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/** Changing the password from settings: the current one is asked again, and other devices are signed out. */
export function passwordChangeRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
): void {
  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the password (the current one is required); other sessions end',
        ...secured(),
        body: ChangePassword,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const { currentPassword, newPassword } = request.body;
      const account = await reauthenticate(ctx.db, state, auth.sub, currentPassword);
      const email = await decryptEmail(state.cipher, account.id, account.email_enc);
      checkPassword(newPassword, { username: account.username, email });
      const passwordHash = await hashPassword(newPassword);
      await ctx.write(ctx.metadataOf(request), (tx) =>
        storeNewPassword(tx, account.id, passwordHash, 'change'),
      );
      // The device making the change stays signed in; any other (perhaps an intruder's) is not.
      await sessions.revokeAll(account.id, 'password changed', auth.sid);
      return reply.code(204).send(null);
    },
  );
}

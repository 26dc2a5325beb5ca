import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp, WriteTransaction } from '../../../kernel/service-module.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { type AccountRow, confirmSecondFactor, reauthenticate } from '../reauthentication.ts';
import { replaceRecoveryCodes } from '../recovery-codes.ts';
import { totpContext } from '../second-factor.ts';
import { newTotpSecret, otpauthUrl } from '../totp.ts';

const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Code = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'A code from the authenticator app, or one of the recovery codes',
});
const TotpCode = Type.String({
  minLength: 1,
  maxLength: 12,
  description: 'A code from the authenticator app',
});
const Setup = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for typing into an authenticator app' }),
  otpauthUrl: Type.String({ description: 'The same secret as an otpauth:// URL, for a QR code' }),
});
const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'Shown once; each works for one sign-in' }),
});

const conflict = (code: string, title: string, detail: string) => new ProblemError(409, code, title, detail);
const alreadyEnabled = () =>
  conflict(
    'two_factor_already_enabled',
    'Two-factor already on',
    'Turn two-factor off before setting it up again',
  );
const notEnabled = () =>
  conflict(
    'two_factor_not_enabled',
    'Two-factor is off',
    'Two-factor sign-in is not turned on for this account',
  );

/** The account row, locked for the rest of the transaction so two requests cannot both use one code. */
const lockAccount = (tx: WriteTransaction<AuthDb>, accountId: string): Promise<AccountRow> =>
  tx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).forUpdate().executeTakeFirstOrThrow();

/**
 * Optional TOTP two-factor sign-in. Setup stores a secret that does nothing until a code from the app
 * proves it was scanned (enable); only then does sign-in ask for codes. Turning it off, or getting new
 * recovery codes, needs both the password and a code, so neither a stolen session nor a leaked password
 * alone can remove the second factor.
 */
export function twoFactorRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.post(
    '/auth/2fa/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start two-factor setup: a new TOTP secret to add to an authenticator app',
        ...secured(),
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: Setup, ...problemResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const account = await reauthenticate(ctx.db, state, auth.sub, request.body.password);
      if (account.totp_enabled_at) throw alreadyEnabled();
      const secret = newTotpSecret();
      // Pending until enabled: sign-in only asks for codes once totp_enabled_at is set.
      const updated = await ctx.db
        .updateTable('accounts')
        .set({ totp_secret_enc: state.cipher.encrypt(secret, totpContext(account.id)), totp_last_step: null })
        .where('id', '=', account.id)
        .where('totp_enabled_at', 'is', null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw alreadyEnabled(); // enabled by a concurrent request
      return { secret, otpauthUrl: otpauthUrl(secret, account.username) };
    },
  );

  app.post(
    '/auth/2fa/enable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor on with a code from the app; answers the recovery codes',
        ...secured(),
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, ...problemResponses(400, 401, 409, 429) },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const recoveryCodes = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockAccount(tx, auth.sub);
        if (account.totp_enabled_at) throw alreadyEnabled();
        if (!account.totp_secret_enc)
          throw conflict('two_factor_not_set_up', 'Two-factor not set up', 'Start with two-factor setup');
        // Records the code's step too, so the code that turned 2FA on cannot also sign in.
        await confirmSecondFactor(tx.db, state, account, { totp: request.body.code });
        await tx.db
          .updateTable('accounts')
          .set({ totp_enabled_at: new Date() })
          .where('id', '=', account.id)
          .execute();
        const codes = await replaceRecoveryCodes(tx.db, account.id);
        await tx.append(`account-${account.id}`, 'any', [{ type: 'TwoFactorEnabled', data: {} }]);
        return codes;
      });
      return { recoveryCodes };
    },
  );

  app.post(
    '/auth/2fa/disable',
    {
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor off (password and a code or recovery code)',
        ...secured(),
        body: Type.Object({ password: Password, code: Code }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await reauthenticate(ctx.db, state, auth.sub, request.body.password);
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockAccount(tx, auth.sub);
        if (!account.totp_enabled_at) throw notEnabled();
        const { code } = request.body;
        await confirmSecondFactor(tx.db, state, account, { totp: code, recoveryCode: code });
        await tx.db
          .updateTable('accounts')
          .set({ totp_secret_enc: null, totp_enabled_at: null, totp_last_step: null })
          .where('id', '=', account.id)
          .execute();
        await tx.db.deleteFrom('recovery_codes').where('account_id', '=', account.id).execute();
        await tx.append(`account-${account.id}`, 'any', [{ type: 'TwoFactorDisabled', data: {} }]);
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/2fa/recovery-codes',
    {
      schema: {
        tags: ['auth'],
        summary: 'Replace the recovery codes (password and a code); the old ones stop working',
        ...secured(),
        body: Type.Object({ password: Password, code: Code }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, ...problemResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      await reauthenticate(ctx.db, state, auth.sub, request.body.password);
      const recoveryCodes = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockAccount(tx, auth.sub);
        if (!account.totp_enabled_at) throw notEnabled();
        const { code } = request.body;
        await confirmSecondFactor(tx.db, state, account, { totp: code, recoveryCode: code });
        const codes = await replaceRecoveryCodes(tx.db, account.id);
        await tx.append(`account-${account.id}`, 'any', [{ type: 'RecoveryCodesReplaced', data: {} }]);
        return codes;
      });
      return { recoveryCodes };
    },
  );
}

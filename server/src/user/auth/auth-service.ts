import cookie from '@fastify/cookie';
import { defineService } from '../../kernel/service-module.ts';
import { exportAccount } from './account-export.ts';
import { authMigrations } from './auth-migrations.ts';
import { type AuthState, openAuthState } from './auth-state.ts';
import type { AuthDb } from './auth-tables.ts';
import { accountDeletionRoutes } from './routes/account-deletion-routes.ts';
import { emailChangeRoutes } from './routes/email-change-routes.ts';
import { meRoutes } from './routes/me-routes.ts';
import { oidcRoutes } from './routes/oidc-routes.ts';
import { passwordChangeRoutes } from './routes/password-change-routes.ts';
import { passwordResetRoutes } from './routes/password-reset-routes.ts';
import { phoneRoutes } from './routes/phone-routes.ts';
import { roleRoutes } from './routes/role-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { signInRoutes } from './routes/sign-in-routes.ts';
import { signUpRoutes } from './routes/sign-up-routes.ts';
import { suspensionRoutes } from './routes/suspension-routes.ts';
import { twoFactorRoutes } from './routes/two-factor-routes.ts';
import { userDirectoryRoutes } from './routes/user-directory-routes.ts';
import { verifyEmailRoutes } from './routes/verify-email-routes.ts';
import { SessionIssuer } from './session-issuer.ts';

/**
 * Accounts, credentials, sessions, roles and the keys tokens are signed with. The seed's `users` service
 * is folded in (see docs/decisions/0002-identity.md): roles and status are claims of the token it issues.
 */
export const authService = defineService<AuthDb, AuthState>({
  name: 'auth',
  areas: ['auth', 'users'],
  migrations: authMigrations,
  setup: openAuthState,
  accessTokenKeys: (state) => () => state.keys.publicKeys(),
  exportUserData: exportAccount,
  async routes(app, ctx, state) {
    await app.register(cookie);
    const sessions = new SessionIssuer(ctx, state);
    signUpRoutes(app, ctx, state);
    verifyEmailRoutes(app, ctx, state);
    signInRoutes(app, ctx, state, sessions);
    sessionRoutes(app, ctx, sessions);
    meRoutes(app, ctx, state);
    phoneRoutes(app, ctx, state);
    oidcRoutes(app, ctx, state, sessions);
    passwordResetRoutes(app, ctx, state, sessions);
    passwordChangeRoutes(app, ctx, state, sessions);
    emailChangeRoutes(app, ctx, state);
    twoFactorRoutes(app, ctx, state);
    accountDeletionRoutes(app, ctx, state);
    userDirectoryRoutes(app, ctx, state);
    roleRoutes(app, ctx, sessions);
    suspensionRoutes(app, ctx, sessions);
  },
});

import { Type } from 'typebox';

/** `:provider` in the OIDC routes: an id from VEZA_OIDC_PROVIDERS. */
export const ProviderParams = Type.Object({
  provider: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', description: 'A configured provider id' }),
});

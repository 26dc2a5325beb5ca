import { Type } from 'typebox';
import { secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decryptEmail, emailHash } from '../account-email.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';

const ListQuery = Type.Object(
  {
    query: Type.Optional(
      Type.String({
        maxLength: 254,
        description: 'A username prefix (any case), or an exact email address',
      }),
    ),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: "The previous page's nextCursor" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);

const AdminUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  emailVerified: Type.Boolean(),
  roles: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

/** `%`, `_` and `\` are LIKE wildcards (and its escape): a typed prefix must match only itself. */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** The admin users page: accounts newest first, searchable, with their email (decrypted for staff only). */
export function userDirectoryRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Accounts, newest first (staff)',
        ...secured('users:view'),
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(AdminUser),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const text = request.query.query?.trim() ?? '';
      let query = ctx.db
        .selectFrom('accounts')
        .select([
          'id',
          'username',
          'email_enc',
          'email_verified_at',
          'roles',
          'status',
          'suspended_reason',
          'created_at',
        ])
        // Ids are UUIDv7: ordering by id is ordering by creation, and the last id is the cursor.
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (request.query.cursor) query = query.where('id', '<', request.query.cursor);
      if (text.includes('@')) query = query.where('email_hash', '=', emailHash(state.cipher, text));
      else if (text)
        query = query.where((eb) => eb(eb.fn('lower', ['username']), 'like', likePrefix(text.toLowerCase())));
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      const items = await Promise.all(
        page.map(async (row) => ({
          id: row.id,
          username: row.username,
          email: await decryptEmail(state.cipher, row.id, row.email_enc),
          emailVerified: row.email_verified_at !== null,
          roles: row.roles,
          status: row.status,
          suspendedReason: row.suspended_reason,
          createdAt: row.created_at.toISOString(),
        })),
      );
      return { items, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
    },
  );
}

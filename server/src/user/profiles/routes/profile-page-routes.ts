import { sql } from 'kysely';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { type NormalizedEdit, normalizeEdit } from '../profile-edit-rules.ts';
import { profileStream } from '../profile-events.ts';
import { FullProfile, ProfileEdit, ProfileView, UsernameParams } from '../profile-schemas.ts';
import { findProfileById, findProfileByUsername } from '../profile-store.ts';
import type { ProfilesDb } from '../profile-tables.ts';
import { fullView, limitedView } from '../profile-views.ts';
import { visibilityOf } from '../profile-visibility.ts';

/** The event names fields as the API does, so its readers need not know the table. */
const API_NAMES: Record<keyof NormalizedEdit, string> = {
  display_name: 'displayName',
  bio: 'bio',
  links: 'links',
  location: 'location',
  genres: 'genres',
  private: 'private',
};

/** A profile page (anyone), and the owner's own profile to read and edit. */
export function profilePageRoutes(app: VezaHttp, ctx: ServiceContext<ProfilesDb>): void {
  app.get(
    '/profiles/:username',
    {
      schema: {
        summary: 'A profile, as the caller may see it',
        params: UsernameParams,
        response: { 200: ProfileView, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const profile = await findProfileByUsername(ctx.db, request.params.username);
      if (!profile) throw notFound('This profile');
      const visibility = await visibilityOf(ctx.db, request, profile);
      if (visibility === 'hidden') throw notFound('This profile');
      return visibility === 'full' ? fullView(profile) : limitedView(profile);
    },
  );

  app.get(
    '/profiles/me',
    {
      schema: {
        summary: 'Your profile',
        ...secured(),
        response: { 200: FullProfile, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const profile = await findProfileById(ctx.db, requireUser(request).sub);
      // The profile is created from the account's UserRegistered event, an instant after sign-up.
      if (!profile) throw notFound('Your profile');
      return fullView(profile);
    },
  );

  app.patch(
    '/profiles/me',
    {
      schema: {
        summary: 'Edit your profile',
        ...secured('profile:edit'),
        body: ProfileEdit,
        response: { 200: FullProfile, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const id = requireUser(request).sub;
      const edit = normalizeEdit(request.body);
      const fields = Object.keys(edit) as (keyof NormalizedEdit)[];
      if (fields.length === 0) {
        const profile = await findProfileById(ctx.db, id);
        if (!profile) throw notFound('Your profile');
        return fullView(profile);
      }
      return ctx.write(ctx.metadataOf(request), async (tx) => {
        const { links, genres, ...plain } = edit;
        const updated = await tx.db
          .updateTable('profiles')
          .set({
            ...plain,
            ...(links ? { links: JSON.stringify(links) } : {}),
            ...(genres ? { genres: JSON.stringify(genres) } : {}),
            updated_at: sql`now()`,
          })
          .where('user_id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!updated) throw notFound('Your profile');
        const changes = Object.fromEntries(fields.map((field) => [API_NAMES[field], edit[field]]));
        await tx.append(profileStream(id), 'any', [{ type: 'ProfileUpdated', data: { id, changes } }]);
        return fullView(updated);
      });
    },
  );
}

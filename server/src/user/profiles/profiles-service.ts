import { defineService } from '../../kernel/service-module.ts';
import { accountEventsConsumer } from './account-events-consumer.ts';
import { exportProfile } from './profile-export.ts';
import { profileMigrations } from './profile-migrations.ts';
import type { ProfilesDb } from './profile-tables.ts';
import { approvedViewerRoutes } from './routes/approved-viewer-routes.ts';
import { profileImageRoutes } from './routes/profile-image-routes.ts';
import { profileMediaRoutes } from './routes/profile-media-routes.ts';
import { profilePageRoutes } from './routes/profile-page-routes.ts';
import { profileSearchRoutes } from './routes/profile-search-routes.ts';

/**
 * Public and private profiles (issue 3): display name, bio, links, location, genres, avatar and banner.
 * A profile exists for every account: it is created from the auth service's UserRegistered event and
 * removed, images included, on UserDeleted.
 */
export const profilesService = defineService<ProfilesDb>({
  name: 'profiles',
  areas: ['profiles'],
  migrations: profileMigrations,
  async routes(app, ctx) {
    profilePageRoutes(app, ctx);
    profileSearchRoutes(app, ctx);
    approvedViewerRoutes(app, ctx);
    profileMediaRoutes(app, ctx);
    await profileImageRoutes(app, ctx);
  },
  consumers: (ctx) => [accountEventsConsumer(ctx)],
  exportUserData: exportProfile,
});

import type { ColumnType, Generated } from 'kysely';

/** A jsonb column: read as parsed JSON, written as JSON text (node-postgres would send an array as a PostgreSQL array). */
type Json<T> = ColumnType<T, string, string>;

/** A link on a profile: what the owner calls it and where it points (http or https only). */
export interface ProfileLink {
  label: string;
  url: string;
}

/** The profiles service's tables (schema `profiles`). Accounts themselves live in the auth service. */
export interface ProfilesDb {
  profiles: {
    /** The account id from `auth.UserRegistered`: one profile per account. */
    user_id: string;
    /** Copied from the account, so profiles can be looked up and searched by username without a call to auth. */
    username: string;
    display_name: string;
    bio: string;
    /** jsonb array of ProfileLink. */
    links: Json<ProfileLink[]>;
    location: string;
    /** jsonb array of strings. */
    genres: Json<string[]>;
    private: boolean;
    /** Set while the account is suspended: the profile is hidden from everyone but moderators. */
    suspended: boolean;
    /** The version in the current avatar's object keys; null when there is no avatar. */
    avatar_version: string | null;
    banner_version: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** Who may see a private profile in full (the owner approves them). */
  approved_viewers: {
    owner_id: string;
    viewer_id: string;
    approved_at: Generated<Date>;
  };
}

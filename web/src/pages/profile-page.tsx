import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-error.ts';
import { identityKeys } from '../api/identity-keys.ts';
import { fetchProfile } from '../api/profile-api.ts';
import type { FullProfile, ProfileView } from '../api/profile-types.ts';
import { useMe } from '../api/use-me.ts';
import { Avatar } from '../components/avatar.tsx';
import { LockIcon } from '../components/icons.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { ArtistTracks } from './tracks/artist-tracks.tsx';

function linkText(link: { label: string; url: string }): string {
  if (link.label) return link.label;
  try {
    return new URL(link.url).hostname;
  } catch {
    return link.url;
  }
}

function ProfileDetails({ profile }: { profile: FullProfile }) {
  const { links, genres } = profile;
  return (
    <div className="profile-details">
      {profile.bio && <p className="profile-bio">{profile.bio}</p>}
      {genres.length > 0 && (
        <ul className="chip-list" aria-label="Genres">
          {genres.map((genre) => (
            <li key={genre} className="chip chip-genre">
              {genre}
            </li>
          ))}
        </ul>
      )}
      {links.length > 0 && (
        <ul className="profile-links" aria-label="Links">
          {links.map((link) => (
            <li key={link.url}>
              <a href={link.url} rel="noopener noreferrer nofollow ugc" target="_blank">
                {linkText(link)}
              </a>
            </li>
          ))}
        </ul>
      )}
      {!profile.bio && genres.length === 0 && links.length === 0 && (
        <p className="muted">Nothing here yet.</p>
      )}
    </div>
  );
}

export function ProfilePage() {
  const { username = '' } = useParams();
  const me = useMe();
  const profile = useQuery({
    queryKey: identityKeys.profile(username),
    queryFn: () => fetchProfile(username),
  });

  if (profile.isPending) return <p className="muted page-loading">Loading…</p>;
  if (profile.isError) {
    const missing = profile.error instanceof ApiError && profile.error.status === 404;
    return (
      <section className="page" aria-labelledby="page-title">
        <title>{missing ? 'Profile not found · Veza' : 'Profile · Veza'}</title>
        <h1 id="page-title">{missing ? 'Profile not found' : 'Could not load this profile'}</h1>
        {missing ? (
          <p className="lead">
            No one on Veza is called <code>@{username}</code>.
          </p>
        ) : (
          <ProblemAlert error={profile.error} />
        )}
      </section>
    );
  }

  const data: ProfileView = profile.data;
  const own = me.data?.username.toLowerCase() === data.username.toLowerCase();
  const banner = data.limited ? undefined : (data.banner?.large ?? data.banner?.small);
  return (
    <article className="page profile-page" aria-labelledby="page-title" data-testid="profile">
      <title>{`${data.displayName} (@${data.username}) · Veza`}</title>
      <div
        className="profile-banner"
        style={banner ? { backgroundImage: `url("${banner}")` } : undefined}
        data-testid="profile-banner"
      />
      <header className="profile-header">
        <Avatar
          name={data.displayName}
          images={data.avatar}
          size={112}
          label={`${data.displayName}'s avatar`}
        />
        <div className="profile-identity">
          <h1 id="page-title">{data.displayName}</h1>
          <p className="muted">
            @{data.username}
            {!data.limited && data.location ? ` · ${data.location}` : ''}
          </p>
        </div>
        {own && (
          <Link className="button button-secondary profile-edit" to="/settings/profile">
            Edit profile
          </Link>
        )}
      </header>
      {data.limited ? (
        <div className="profile-private" data-testid="profile-private">
          <LockIcon />
          <div>
            <p className="profile-private-title">This profile is private</p>
            <p className="muted">Only people {data.displayName} has approved can see more.</p>
          </div>
        </div>
      ) : (
        <>
          <ProfileDetails profile={data} />
          <ArtistTracks username={data.username} own={own} />
        </>
      )}
    </article>
  );
}

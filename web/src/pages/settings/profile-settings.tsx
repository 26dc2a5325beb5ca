import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { identityKeys } from '../../api/identity-keys.ts';
import { updateMyProfile } from '../../api/profile-api.ts';
import { type FullProfile, PROFILE_LIMITS, type ProfileLink } from '../../api/profile-types.ts';
import { useMyProfile } from '../../api/use-my-profile.ts';
import { parseCommaList } from '../../components/comma-list.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';
import { TextAreaField } from '../../components/text-area-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ImageUploadField } from './image-upload-field.tsx';
import { LinksEditor } from './links-editor.tsx';
import { useSettingsAccount } from './settings-page.tsx';
import { SettingsPanel } from './settings-panel.tsx';

/** A link needs a label: the site's name stands in when the owner left it empty. */
function labelled(link: ProfileLink): ProfileLink {
  const url = link.url.trim();
  let label = link.label.trim();
  if (!label) {
    try {
      label = new URL(url).hostname.replace(/^www\./, '');
    } catch {
      label = 'Link';
    }
  }
  return { label: label.slice(0, PROFILE_LIMITS.linkLabel), url };
}

function ProfileForm({ profile }: { profile: FullProfile }) {
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [bio, setBio] = useState(profile.bio);
  const [location, setLocation] = useState(profile.location);
  const [genres, setGenres] = useState(profile.genres.join(', '));
  const [links, setLinks] = useState<ProfileLink[]>(profile.links);
  const save = useMutation({
    mutationFn: updateMyProfile,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: identityKeys.myProfile });
      await queryClient.invalidateQueries({ queryKey: identityKeys.profile(profile.username) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      displayName: displayName.trim(),
      bio: bio.trim(),
      location: location.trim(),
      genres: parseCommaList(genres),
      links: links.filter((link) => link.url.trim() !== '').map(labelled),
    });
  };

  return (
    <form className="form" onSubmit={submit} onChange={() => save.isSuccess && save.reset()}>
      <TextField
        label="Display name"
        required
        maxLength={PROFILE_LIMITS.displayName}
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
      />
      <TextAreaField
        label="Bio"
        rows={4}
        maxLength={PROFILE_LIMITS.bio}
        hint="What you make, who you make it with, what you are looking for."
        value={bio}
        onChange={(event) => setBio(event.target.value)}
      />
      <div className="field-grid">
        <TextField
          label="Location"
          maxLength={PROFILE_LIMITS.location}
          placeholder="City, country"
          value={location}
          onChange={(event) => setLocation(event.target.value)}
        />
        <TextField
          label="Genres"
          placeholder="techno, ambient, drum & bass"
          hint={`Up to ${PROFILE_LIMITS.genres}, separated by commas.`}
          value={genres}
          onChange={(event) => setGenres(event.target.value)}
        />
      </div>
      <LinksEditor links={links} onChange={setLinks} />
      <ProblemAlert error={save.error} />
      {save.isSuccess && <SuccessNote>Profile saved.</SuccessNote>}
      <div className="button-row">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save profile'}
        </button>
      </div>
    </form>
  );
}

export function ProfileSettings() {
  const me = useSettingsAccount();
  const profile = useMyProfile();
  if (profile.isPending) return <p className="muted">Loading your profile…</p>;
  if (profile.isError) return <ProblemAlert error={profile.error} />;
  return (
    <div className="settings-stack">
      <title>Profile settings · Veza</title>
      <SettingsPanel
        title="Pictures"
        description="PNG, JPEG or WebP, up to 10 MB. They are cropped to the standard sizes."
      >
        <div className="image-fields">
          <ImageUploadField
            kind="avatar"
            label="Avatar"
            hint="Square works best; shown round."
            images={profile.data.avatar}
            username={me.username}
          />
          <ImageUploadField
            kind="banner"
            label="Banner"
            hint="Wide, 3:1; shown at the top of your profile."
            images={profile.data.banner}
            username={me.username}
          />
        </div>
      </SettingsPanel>
      <SettingsPanel
        title="Public profile"
        description={
          <>
            Shown on <Link to={`/u/${me.username}`}>your profile page</Link>.
          </>
        }
      >
        <ProfileForm key={profile.data.id} profile={profile.data} />
      </SettingsPanel>
    </div>
  );
}

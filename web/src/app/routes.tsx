import { Navigate, Route, Routes } from 'react-router';
import { ComingSoon } from '../components/coming-soon.tsx';
import { CommunitiesIcon, LibraryIcon, MarketplaceIcon } from '../components/icons.tsx';
import { AdminUsersPage } from '../pages/admin/admin-users-page.tsx';
import { ForgotPasswordPage } from '../pages/auth/forgot-password-page.tsx';
import { ResetPasswordPage } from '../pages/auth/reset-password-page.tsx';
import { SignInPage } from '../pages/auth/sign-in-page.tsx';
import { SignUpPage } from '../pages/auth/sign-up-page.tsx';
import { VerifyEmailPage } from '../pages/auth/verify-email-page.tsx';
import { HomePage } from '../pages/home-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { ProfilePage } from '../pages/profile-page.tsx';
import { AccountSettings } from '../pages/settings/account-settings.tsx';
import { PrivacySettings } from '../pages/settings/privacy-settings.tsx';
import { ProfileSettings } from '../pages/settings/profile-settings.tsx';
import { SecuritySettings } from '../pages/settings/security-settings.tsx';
import { SettingsPage } from '../pages/settings/settings-page.tsx';
import { StatusPage } from '../pages/status-page.tsx';
import { MyTracksPage } from '../pages/tracks/my-tracks-page.tsx';
import { SharedTrackPage } from '../pages/tracks/shared-track-page.tsx';
import { TrackPage } from '../pages/tracks/track-page.tsx';
import { UploadPage } from '../pages/upload/upload-page.tsx';
import { Layout } from './layout.tsx';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route
          path="library"
          element={
            <ComingSoon
              title="Library"
              icon={<LibraryIcon />}
              description="Your tracks, playlists, likes and listening history, in one place."
            />
          }
        />
        <Route
          path="communities"
          element={
            <ComingSoon
              title="Communities"
              icon={<CommunitiesIcon />}
              description="Servers, channels and direct messages for the people you make music with."
            />
          }
        />
        <Route
          path="marketplace"
          element={
            <ComingSoon
              title="Marketplace"
              icon={<MarketplaceIcon />}
              description="Sample packs, presets, project files and beat licenses, paid through escrow."
            />
          }
        />
        <Route path="status" element={<StatusPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="sign-up" element={<SignUpPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="u/:username" element={<ProfilePage />} />
        <Route path="upload" element={<UploadPage />} />
        <Route path="tracks/mine" element={<MyTracksPage />} />
        <Route path="tracks/:id" element={<TrackPage />} />
        <Route path="t/s/:secret" element={<SharedTrackPage />} />
        <Route path="settings" element={<SettingsPage />}>
          <Route index element={<Navigate to="profile" replace />} />
          <Route path="profile" element={<ProfileSettings />} />
          <Route path="security" element={<SecuritySettings />} />
          <Route path="privacy" element={<PrivacySettings />} />
          <Route path="account" element={<AccountSettings />} />
        </Route>
        <Route path="admin/users" element={<AdminUsersPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

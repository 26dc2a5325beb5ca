import { Route, Routes } from 'react-router';
import { ComingSoon } from '../components/coming-soon.tsx';
import { CommunitiesIcon, LibraryIcon, MarketplaceIcon } from '../components/icons.tsx';
import { HomePage } from '../pages/home-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { StatusPage } from '../pages/status-page.tsx';
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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

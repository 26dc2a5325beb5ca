import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { PlayerController, type PlayerState } from './player-controller.ts';
import { usePlayerShortcuts } from './player-shortcuts.ts';

const PlayerContext = createContext<PlayerController | null>(null);

/** Holds the app's one player; mounted by the shell layout, so it outlives every route change. */
export function PlayerProvider({ children }: { children: ReactNode }) {
  const [player] = useState(() => new PlayerController());
  useEffect(() => player.bindSystemControls(), [player]);
  useEffect(() => {
    const leave = () => player.leave();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [player]);
  usePlayerShortcuts(player);
  return <PlayerContext value={player}>{children}</PlayerContext>;
}

export function usePlayer(): PlayerController {
  const player = useContext(PlayerContext);
  if (!player) throw new Error('usePlayer needs a PlayerProvider above it');
  return player;
}

/** The player's state; re-renders on every change (a few times a second while playing). */
export function usePlayerState(): PlayerState {
  const player = usePlayer();
  return useSyncExternalStore(player.subscribe, player.getState);
}

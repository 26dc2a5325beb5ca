import { useEffect } from 'react';
import type { PlayerController } from './player-controller.ts';

const SEEK_STEP_S = 5;

/**
 * Keys that belong to what has focus: typing in a field, Space on a button or link, arrows on a slider or
 * in a select. The player leaves those alone.
 */
function ownedByFocus(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    // Checkboxes and radios take Space only; everything else typed into an input is the input's.
    return key === ' ' || !(type === 'checkbox' || type === 'radio' || type === 'button');
  }
  const role = target.getAttribute('role');
  if (key === ' ') return tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'button';
  return role === 'slider' || role === 'listbox' || role === 'menu' || role === 'tablist';
}

/**
 * Space play/pause, ←/→ seek 5 s, Shift+←/→ previous/next, M mute; once something is in the player.
 */
export function usePlayerShortcuts(player: PlayerController): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (player.getState().index < 0 || ownedByFocus(event.target, event.key)) return;
      const action = {
        ' ': () => player.toggle(),
        ArrowLeft: () => (event.shiftKey ? player.previous() : player.seekBy(-SEEK_STEP_S)),
        ArrowRight: () => (event.shiftKey ? player.next() : player.seekBy(SEEK_STEP_S)),
        m: () => player.toggleMute(),
        M: () => player.toggleMute(),
      }[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [player]);
}

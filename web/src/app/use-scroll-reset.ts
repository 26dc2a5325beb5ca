import { type RefObject, useEffect } from 'react';
import { useLocation } from 'react-router';

/**
 * The page scrolls inside the shell's <main>, not the window, so the browser does not bring a new page to
 * its top by itself: this does, whenever the path changes (a changed query string keeps the place).
 */
export function useScrollReset(scroller: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input
  useEffect(() => {
    scroller.current?.scrollTo(0, 0);
  }, [pathname, scroller]);
}

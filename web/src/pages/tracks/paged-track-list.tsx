import type { Track } from '../../api/track-types.ts';
import { TrackList } from './track-list.tsx';

type PagedTrackListProps = {
  /** Every track of the pages fetched so far. */
  tracks: readonly Track[];
  /** The infinite query the tracks come from. */
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label: string;
  showState?: boolean;
};

/** A cursor-paged track list: the rows fetched so far, then a button for the next page while there is one. */
export function PagedTrackList({ tracks, pages, label, showState }: PagedTrackListProps) {
  return (
    <>
      {tracks.length > 0 && <TrackList tracks={tracks} label={label} showState={showState} />}
      {pages.hasNextPage && (
        <div className="button-row list-more">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => pages.fetchNextPage()}
            disabled={pages.isFetchingNextPage}
          >
            {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </div>
      )}
    </>
  );
}

import { describe, expect, it } from 'vitest';
import {
  CLOCK_SLACK_SECONDS,
  creditedSeconds,
  PLAY_THRESHOLD_SECONDS,
  REPLAY_WINDOW_SECONDS,
  reachesThreshold,
  replayWindowStart,
  SESSION_MAX_AGE_SECONDS,
  sessionExpired,
} from './play-counting.ts';

const start = new Date('2026-11-24T10:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const fresh = { startedAt: start, listenedSeconds: 0 };

describe('creditedSeconds', () => {
  it('takes what the player reports while it is within the elapsed time', () => {
    expect(creditedSeconds(fresh, 10, at(10))).toBe(10);
    expect(creditedSeconds(fresh, 29.5, at(40))).toBe(29.5);
  });

  it('caps a report at the server time elapsed since the start, plus the slack', () => {
    expect(creditedSeconds(fresh, 30, at(5))).toBe(5 + CLOCK_SLACK_SECONDS);
    expect(creditedSeconds(fresh, 3_600, at(27))).toBe(29);
    expect(creditedSeconds(fresh, 30, at(0))).toBe(CLOCK_SLACK_SECONDS);
  });

  it('a report at the very start of a session cannot reach the threshold; 28 s later it can', () => {
    expect(reachesThreshold(creditedSeconds(fresh, 30, at(1)))).toBe(false);
    expect(reachesThreshold(creditedSeconds(fresh, 30, at(27.9)))).toBe(false);
    expect(reachesThreshold(creditedSeconds(fresh, 30, at(28)))).toBe(true);
  });

  it('never goes back: a late or lower report keeps what was recorded', () => {
    const recorded = { startedAt: start, listenedSeconds: 20 };
    expect(creditedSeconds(recorded, 5, at(60))).toBe(20);
    expect(creditedSeconds(recorded, 25, at(60))).toBe(25);
  });

  it('a clock that moved backwards credits nothing new', () => {
    expect(creditedSeconds(fresh, 30, at(-60))).toBe(CLOCK_SLACK_SECONDS);
    expect(creditedSeconds({ startedAt: start, listenedSeconds: 12 }, 30, at(-60))).toBe(12);
  });

  it('is not capped by a track length: a looped track keeps counting time', () => {
    expect(creditedSeconds(fresh, 600, at(600))).toBe(600);
  });
});

describe('the threshold, the replay window and session age', () => {
  it('counts from 30 s of listening', () => {
    expect(PLAY_THRESHOLD_SECONDS).toBe(30);
    expect(reachesThreshold(29.99)).toBe(false);
    expect(reachesThreshold(30)).toBe(true);
  });

  it('opens the window 30 minutes before now', () => {
    expect(REPLAY_WINDOW_SECONDS).toBe(1_800);
    expect(replayWindowStart(at(1_800)).getTime()).toBe(start.getTime());
  });

  it('takes no reports on a session older than its maximum age', () => {
    expect(sessionExpired(start, at(SESSION_MAX_AGE_SECONDS))).toBe(false);
    expect(sessionExpired(start, at(SESSION_MAX_AGE_SECONDS + 1))).toBe(true);
  });
});

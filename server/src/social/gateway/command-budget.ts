/**
 * A connection's budget of client commands: a token bucket refilled continuously, so a client may burst up
 * to `burst` commands and keep `perSecond` sustained. Per connection and in memory: a flood costs the
 * process nothing to count and ends with the connection.
 */
export class CommandBudget {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

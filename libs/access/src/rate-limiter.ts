/**
 * A token bucket per user: a burst of up to a minute's allowance, refilled continuously. It lives
 * in this process, so with several processes each gives a user the same allowance.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number) {}

  take(user: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(user) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(user, bucket);
    if (this.buckets.size > 100_000) this.forgetIdle(now);
    return allowed;
  }

  private forgetIdle(now: number): void {
    for (const [user, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(user);
  }
}

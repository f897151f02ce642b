import type { Money, UtcMs } from "../units.ts";
import { MS_PER_MINUTE } from "../units.ts";
import type { CircuitBreakerRule } from "./bot.ts";

/** What the Bots page and the log show of a breaker. */
export interface BreakerState {
  /** Why the bot is stopped, or "" when it may trade. */
  reason: string;
  /** When it may trade again (UTC ms); Infinity until the next FX day; -Infinity when not tripped. */
  until: UtcMs;
  consecutiveLosses: number;
  /** Today's loss in % of the day's opening balance (negative when the day is up). */
  dayLossPct: number;
}

/**
 * A bot's circuit breaker (SPEC §5). Losing `max_consecutive_losses` trades in a row stops the
 * bot for `cooldown_minutes`, after which its streak starts afresh; losing `max_daily_loss_pct`
 * of the FX day's opening balance stops it until the next FX day (17:00 New York), the way prop
 * firms enforce a daily loss limit. A trade at exactly 0 neither extends nor breaks a streak.
 */
export class CircuitBreaker {
  private streak = 0;
  private dayStart: Money;
  private dayPnl: Money = 0;
  private until: UtcMs = Number.NEGATIVE_INFINITY;
  private why = "";

  constructor(
    readonly rule: CircuitBreakerRule,
    openingBalance: Money,
  ) {
    this.dayStart = openingBalance;
  }

  /** A new FX day opens with `balance`: the daily loss restarts and a daily-loss stop ends. */
  newDay(balance: Money): void {
    this.dayStart = balance;
    this.dayPnl = 0;
    if (this.until === Number.POSITIVE_INFINITY) this.clear();
  }

  /** A trade of this bot closed at `time` with net `pnl` (account currency). */
  recordTrade(pnl: Money, time: UtcMs): void {
    this.dayPnl += pnl;
    if (pnl < 0) this.streak++;
    else if (pnl > 0) this.streak = 0;
    const { max_consecutive_losses, max_daily_loss_pct, cooldown_minutes } = this.rule;
    const lossPct = this.dayLossPct();
    if (lossPct >= max_daily_loss_pct) {
      this.trip(Number.POSITIVE_INFINITY, `breaker: daily loss ${lossPct.toFixed(2)}% (max ${max_daily_loss_pct}%)`);
    } else if (this.streak >= max_consecutive_losses && this.until !== Number.POSITIVE_INFINITY) {
      this.trip(
        time + cooldown_minutes * MS_PER_MINUTE,
        `breaker: ${this.streak} consecutive loss${this.streak === 1 ? "" : "es"}`,
      );
    }
  }

  /** Why the bot may not trade at `time` ("breaker: 3 consecutive losses"), or undefined. */
  reasonAt(time: UtcMs): string | undefined {
    if (time < this.until) return this.why;
    if (this.why) this.clear();
    return undefined;
  }

  state(time: UtcMs): BreakerState {
    const reason = this.reasonAt(time) ?? "";
    return { reason, until: this.until, consecutiveLosses: this.streak, dayLossPct: this.dayLossPct() };
  }

  private dayLossPct(): number {
    // 0 rather than −0 for a flat day, so a state reads the same whichever way it got there.
    return this.dayStart > 0 && this.dayPnl !== 0 ? (-this.dayPnl / this.dayStart) * 100 : 0;
  }

  private trip(until: UtcMs, why: string): void {
    this.until = until;
    this.why = why;
  }

  /** The stop ended: a losing streak starts afresh. */
  private clear(): void {
    this.until = Number.NEGATIVE_INFINITY;
    this.why = "";
    this.streak = 0;
  }
}

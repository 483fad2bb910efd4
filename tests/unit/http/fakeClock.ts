/** A deterministic clock for the scheduler: time moves only when a test advances it. */
import type { Clock, TimerHandle } from "../../../provider/http/scheduler";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Milliseconds until the earliest timer is due (0 when it is due now or there is none). */
  nextTimerIn(): number {
    const next = Math.min(...this.timers.map((t) => t.at));
    return Number.isFinite(next) ? Math.max(0, next - this.time) : 0;
  }

  /** Runs every timer due within `ms`, in time order, letting promise callbacks settle after each one. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** Lets queued promise reactions run (several rounds, for chains of awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/**
 * A virtual clock that runs by itself, for tests with real sockets: whenever no exchange is on the wire
 * (`io`), it jumps to the next timer and fires it. Waits, backoffs, deadlines and rate-limit windows thus take
 * no real time, and their outcome does not depend on how busy the machine is: I/O takes zero virtual time, so
 * a slow response can never look "late".
 *
 * A server that deliberately never answers would freeze such a clock; `advanceWhileBusy` says when time may
 * move anyway (e.g. once the server holds every request sent), so request timeouts can fire.
 */
export class VirtualClock extends FakeClock {
  private inFlight = 0;
  private scheduled = false;
  advanceWhileBusy: () => boolean = () => false;

  override setTimer(callback: () => void, ms: number): TimerHandle {
    const handle = super.setTimer(callback, ms);
    this.schedule();
    return handle;
  }

  io<T>(exchange: Promise<T>): Promise<T> {
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      this.schedule();
    };
    exchange.then(done, done);
    return exchange;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after pending promise reactions and I/O callbacks of this turn.
    setImmediate(() => void this.step());
  }

  private async step(): Promise<void> {
    this.scheduled = false;
    if (this.pendingTimers === 0) return;
    if (this.inFlight > 0 && !this.advanceWhileBusy()) {
      // Waiting for real I/O: look again shortly (polling a condition, not measuring time).
      this.scheduled = true;
      setTimeout(() => void this.step(), 1);
      return;
    }
    await this.advance(this.nextTimerIn());
    this.schedule();
  }
}

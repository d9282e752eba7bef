/**
 * Time source. The store and strategies never read wall time themselves, because
 * scenarios simulate weeks of conversation in milliseconds.
 */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock the caller moves by hand; the scenario runner uses one per cell. */
export class ManualClock implements Clock {
  constructor(private currentMs = 0) {}
  nowMs(): number {
    return this.currentMs;
  }
  set(ms: number): void {
    this.currentMs = ms;
  }
  advance(ms: number): void {
    this.currentMs += ms;
  }
}

/** `2024-03-05 Tue` — the date label strategies put in front of retrieved turns. */
export function formatDateLabel(ms: number): string {
  const d = new Date(ms);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  return `${d.toISOString().slice(0, 10)} ${day}`;
}

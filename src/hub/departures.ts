// Officers who have left every hub and are within their grace: until it is over, what they were
// asked stays with them, deadline and all, so that a reload or a closed laptop lid moves nothing.
// Not part of the record, like presence itself: the hub records what it decides from it.
import type { HubState } from './state.js';
import { type HubWork, type Online, offlineWork } from './time-passing.js';

interface Departure {
  leftAt: number;
  /** When the next grace running for them ends; null once nothing waits on them from before. */
  graceEnds: number | null;
}

export class Departures {
  private readonly away = new Map<string, Departure>();

  /** The operator is back on line within the grace: nothing of theirs moves. */
  returned(operator: string): void {
    this.away.delete(operator);
  }

  /** The operator left every hub at `now`; returns what is due at once (a grace of 0). */
  left(state: HubState, operator: string, now: number, online: Online): HubWork[] {
    if (!this.away.has(operator)) this.away.set(operator, { leftAt: now, graceEnds: null });
    return this.takeDueFor(state, operator, now, online);
  }

  /** What the graces over by `now` move on, for every operator still away. */
  takeDue(state: HubState, now: number, online: Online): HubWork[] {
    return [...this.away.keys()].flatMap((operator) => this.takeDueFor(state, operator, now, online));
  }

  /** The earliest end of a grace still running, so that a timer can wake the hub then. */
  nextGraceEnd(): number | null {
    let next: number | null = null;
    for (const { graceEnds } of this.away.values())
      if (graceEnds !== null && (next === null || graceEnds < next)) next = graceEnds;
    return next;
  }

  private takeDueFor(state: HubState, operator: string, now: number, online: Online): HubWork[] {
    const departure = this.away.get(operator);
    // Back on line on another hub of the installation: as good as returned.
    if (!departure || online(operator)) {
      this.away.delete(operator);
      return [];
    }
    const { work, graceEnds } = offlineWork(state, operator, departure.leftAt, now, online);
    if (graceEnds === null) this.away.delete(operator);
    else departure.graceEnds = graceEnds;
    return work;
  }
}

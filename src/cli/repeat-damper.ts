// While the database is down every lease watch (four a second) and every poll of the record fails the
// same way: the operator needs the first failure and how long it went on, not a screenful a minute.
// A failure is written when it is new, or again once QUIET_MS have passed, with how many were held back.

const QUIET_MS = 30_000;

export class RepeatDamper {
  private readonly last = new Map<string, { at: number; held: number }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Writes `line` unless the same line was written within the quiet period. */
  note(line: string): void {
    const now = this.clock();
    // Lines long quiet and with nothing held back are forgotten, so that varied messages do not pile up.
    for (const [written, { at, held }] of this.last)
      if (held === 0 && now - at >= QUIET_MS) this.last.delete(written);
    const seen = this.last.get(line);
    if (seen && now - seen.at < QUIET_MS) {
      seen.held++;
      return;
    }
    const held = seen?.held ?? 0;
    this.last.set(line, { at: now, held: 0 });
    this.write(
      held > 0
        ? `${line} (${held} more times in the last ${Math.round((now - (seen?.at ?? now)) / 1000)} s)`
        : line,
    );
  }
}

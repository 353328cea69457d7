// A click is a press and a release on the same element, and so is Space on a button. A list drawn
// again between the two (an entry arrived from the hub) replaces the element under the officer's
// finger, and the Acknowledge or the Reply pressed is silently lost. Redraws asked for during a press
// therefore wait for its release, and for the click that follows it.

const ACTIVATING_KEYS = new Set([' ', 'Enter']);

export class PressGuard {
  private pressed = false;
  private readonly waiting = new Set<() => void>();

  constructor() {
    document.addEventListener('pointerdown', () => this.press(), true);
    document.addEventListener(
      'keydown',
      (event) => {
        if (ACTIVATING_KEYS.has(event.key)) this.press();
      },
      true,
    );
    for (const release of ['pointerup', 'pointercancel', 'keyup'] as const)
      window.addEventListener(release, () => this.release(), true);
    window.addEventListener('blur', () => this.release());
  }

  /** Draws now, or once the press under way is over: each drawing once, however often it was asked for. */
  draw(drawing: () => void): void {
    if (this.pressed) this.waiting.add(drawing);
    else drawing();
  }

  private press(): void {
    this.pressed = true;
  }

  private release(): void {
    if (!this.pressed) return;
    this.pressed = false;
    // After the click the release makes, which the browser dispatches once this handler returns.
    setTimeout(() => {
      if (this.pressed) return;
      const drawings = [...this.waiting];
      this.waiting.clear();
      for (const drawing of drawings) drawing();
    });
  }
}

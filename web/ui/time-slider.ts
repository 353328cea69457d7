// The time shown on the map, chosen on a slider that spans every validity window in view and now.
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from './dom.js';

const STEP_MS = 60_000;
/** How often a slider left at now moves on with the clock. */
const FOLLOW_MS = 15_000;

export class TimeSlider {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly nowButton: HTMLButtonElement;
  private readonly listeners: (() => void)[] = [];
  private time = Date.now();
  /** Whether the officer moved the slider; until then it follows the data to now. */
  private chosen = false;

  constructor() {
    this.input = html('input', { type: 'range', class: 'time-range', 'aria-label': t('timeShown') });
    this.label = html('output', { class: 'time-label' });
    this.nowButton = html('button', { type: 'button', class: 'time-now' });
    this.element = html('div', { class: 'time-slider' }, this.nowButton, this.input, this.label);
    this.input.addEventListener('input', () => this.choose(Number(this.input.value)));
    this.nowButton.addEventListener('click', () => {
      this.chosen = false;
      this.follow();
    });
    this.relabel();
    window.setInterval(() => {
      if (!this.chosen) this.follow();
    }, FOLLOW_MS);
  }

  get value(): number {
    return this.time;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Spans the windows given, and now; keeps the time chosen if still inside. */
  span(windows: { from: string; until: string }[]): void {
    const starts = windows.map((w) => Date.parse(w.from));
    const ends = windows.map((w) => Date.parse(w.until));
    const now = Date.now();
    const min = Math.min(now, ...starts);
    const max = Math.max(now, ...ends);
    this.input.min = String(min - (min % STEP_MS));
    this.input.max = String(max - (max % STEP_MS) + STEP_MS);
    this.input.step = String(STEP_MS);
    this.set(this.chosen ? Math.min(Math.max(this.time, min), max) : now);
  }

  /** A time the officer chose: the slider stays there rather than following the clock. */
  choose(time: number): void {
    this.chosen = true;
    this.set(time);
  }

  /** Back to now, stretching the slider's end if now has passed it. */
  private follow(): void {
    const now = Date.now();
    if (now > Number(this.input.max)) this.input.max = String(now - (now % STEP_MS) + STEP_MS);
    this.set(now);
  }

  set(time: number): void {
    this.time = time;
    this.input.value = String(time);
    this.relabel();
    for (const listener of this.listeners) listener();
  }

  relabel(): void {
    this.label.textContent = formatTime(this.time);
    this.nowButton.textContent = t('now');
  }
}

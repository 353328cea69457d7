// The time shown on the map: a slider that spans every validity window in view and now, or the
// window of one declaration zoomed to; steps of a chosen length back and forth; Play, which moves
// the time on by a step each second, so a convoy is seen travelling its route; and Now, back to the
// live picture that follows the clock. Every control is a native button, select or slider, so the
// keyboard works them as it works any form (the slider's arrow keys move by the step chosen).
import { formatTime } from '../i18n/format.js';
import { plural } from '../i18n/plural.js';
import { t } from '../i18n/strings.js';
import { html } from './dom.js';

const MINUTE_MS = 60_000;
/** The steps offered, in minutes: a convoy at 30 km/h covers 0.5, 2.5 and 7.5 km in each. */
const STEPS_MIN = [1, 5, 15] as const;
/** How often a playing time moves on by a step. */
const PLAY_MS = 1000;
/** How often a slider left at now moves on with the clock. */
const FOLLOW_MS = 15_000;

interface Window {
  from: number;
  until: number;
}

/** One declaration's window, named so the officer knows why the slider spans only it. */
interface NamedWindow extends Window {
  title: string;
}

const floorMinute = (time: number) => time - (time % MINUTE_MS);

export class TimeSlider {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly nowButton: HTMLButtonElement;
  private readonly backButton: HTMLButtonElement;
  private readonly forwardButton: HTMLButtonElement;
  private readonly playButton: HTMLButtonElement;
  private readonly stepSelect: HTMLSelectElement;
  private readonly listeners: (() => void)[] = [];
  private time = Date.now();
  /** Whether the officer moved the time; until then it follows the clock. */
  private chosen = false;
  /** The windows of everything in view, which the slider spans unless one window is zoomed to. */
  private windows: Window[] = [];
  private zoomed: NamedWindow | null = null;
  private readonly windowLabel: HTMLElement;
  private player: number | undefined;

  constructor() {
    this.input = html('input', { type: 'range', class: 'time-range', 'aria-label': t('timeShown') });
    this.label = html('output', { class: 'time-label' });
    this.nowButton = html('button', { type: 'button', class: 'time-now' });
    this.backButton = html('button', { type: 'button', class: 'time-back', 'data-test': 'time-back' });
    this.forwardButton = html('button', {
      type: 'button',
      class: 'time-forward',
      'data-test': 'time-forward',
    });
    this.playButton = html('button', { type: 'button', class: 'time-play', 'data-test': 'time-play' });
    this.stepSelect = html('select', { class: 'time-step', 'data-test': 'time-step' });
    this.windowLabel = html('span', { class: 'time-window', 'data-test': 'time-window', hidden: true });
    this.element = html(
      'div',
      { class: 'time-slider', role: 'group' },
      this.nowButton,
      this.backButton,
      this.playButton,
      this.forwardButton,
      this.stepSelect,
      this.input,
      this.label,
      this.windowLabel,
    );
    this.input.addEventListener('input', () => this.moveTo(Number(this.input.value)));
    this.nowButton.addEventListener('click', () => this.live());
    this.backButton.addEventListener('click', () => this.stepBy(-1));
    this.forwardButton.addEventListener('click', () => this.stepBy(1));
    this.playButton.addEventListener('click', () => (this.player === undefined ? this.play() : this.pause()));
    this.stepSelect.addEventListener('change', () => this.setRange());
    this.relabel();
    this.setRange();
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

  /** Spans the windows given, and now, unless one window is zoomed to; keeps the time chosen if still inside. */
  span(windows: { from: string; until: string }[]): void {
    this.windows = windows.map((w) => ({ from: Date.parse(w.from), until: Date.parse(w.until) }));
    this.setRange();
    this.set(this.chosen ? this.clamp(this.time) : Date.now());
  }

  /** Shows one declaration's window: the slider spans it alone, at its start, until Now is pressed. */
  showWindow(title: string, from: number, until: number): void {
    this.zoomed = { title, from, until };
    this.setRange();
    this.relabel();
    this.moveTo(from);
  }

  /**
   * A time chosen from elsewhere (a declaration picked to be shown): the time stays there rather than
   * following the clock; outside the window zoomed to, the slider spans everything again.
   */
  choose(time: number): void {
    if (this.zoomed && (time < this.zoomed.from || time > this.zoomed.until)) {
      this.zoomed = null;
      this.setRange();
      this.relabel();
    }
    this.moveTo(time);
  }

  /** A time chosen on the bar itself, within the slider's span. */
  private moveTo(time: number): void {
    this.chosen = true;
    this.set(this.clamp(time));
  }

  private set(time: number): void {
    this.time = time;
    this.input.value = String(time);
    this.label.textContent = formatTime(time);
    for (const listener of this.listeners) listener();
  }

  relabel(): void {
    this.label.textContent = formatTime(this.time);
    this.nowButton.textContent = t('now');
    this.windowLabel.hidden = this.zoomed === null;
    this.windowLabel.textContent = this.zoomed
      ? t('windowOf', { title: `\u2068${this.zoomed.title}\u2069` })
      : '';
    // Cut short to fit the bar, the whole is shown on hovering.
    this.windowLabel.title = this.windowLabel.textContent;
    const playing = this.player !== undefined;
    // The arrows point along time as the slider runs: leftwards in a right-to-left page.
    const glyph = (text: string) => html('span', { class: 'glyph', 'aria-hidden': 'true' }, text);
    this.backButton.replaceChildren(glyph('◀'), ` ${t('stepBack')}`);
    this.forwardButton.replaceChildren(`${t('stepForward')} `, glyph('▶'));
    this.playButton.replaceChildren(glyph(playing ? '❚❚' : '▶'), ` ${playing ? t('pause') : t('play')}`);
    // Its words say what a press does (Play, Pause), so it is not also a pressed toggle to assistive technology.
    this.playButton.classList.toggle('playing', playing);
    // Read out when stepped to, not every second while playing.
    this.label.setAttribute('aria-live', playing ? 'off' : 'polite');
    const step = this.stepSelect.value || String(STEPS_MIN[0]);
    this.stepSelect.setAttribute('aria-label', t('timeStep'));
    this.stepSelect.replaceChildren(
      ...STEPS_MIN.map((minutes) =>
        html(
          'option',
          { value: String(minutes), selected: String(minutes) === step },
          plural('minutes', minutes),
        ),
      ),
    );
  }

  private get stepMs(): number {
    return Number(this.stepSelect.value || STEPS_MIN[0]) * MINUTE_MS;
  }

  private get range(): Window {
    if (this.zoomed) return this.zoomed;
    const now = Date.now();
    return {
      from: Math.min(now, ...this.windows.map((w) => w.from)),
      until: Math.max(now, ...this.windows.map((w) => w.until)),
    };
  }

  private clamp(time: number): number {
    const { from, until } = this.range;
    return Math.min(Math.max(time, from), until);
  }

  /** The slider's ends, on whole minutes about the range, and its step the one chosen. */
  private setRange(): void {
    const { from, until } = this.range;
    this.input.min = String(floorMinute(from));
    this.input.max = String(floorMinute(until) + (until % MINUTE_MS ? MINUTE_MS : 0));
    this.input.step = String(this.stepMs);
    this.input.value = String(this.time);
  }

  private stepBy(direction: 1 | -1): void {
    this.moveTo(this.time + direction * this.stepMs);
  }

  private play(): void {
    this.player = window.setInterval(() => {
      this.stepBy(1);
      if (this.time >= this.range.until) this.pause();
    }, PLAY_MS);
    this.relabel();
  }

  private pause(): void {
    window.clearInterval(this.player);
    this.player = undefined;
    this.relabel();
  }

  /** Back to the live picture: the whole span, following the clock. */
  private live(): void {
    this.pause();
    this.zoomed = null;
    this.chosen = false;
    this.relabel();
    this.setRange();
    this.follow();
  }

  /** Now, stretching the slider's end if now has passed it. */
  private follow(): void {
    this.setRange();
    this.set(Date.now());
  }
}

// An urgent request that awaits this party cannot be missed: a banner across the top of every view
// and a two-tone alarm, repeated until it is acknowledged. The AudioContext is made on the sign-in
// click, since browsers let a page sound only after a gesture.

import type { MessageView } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { type AttemptState, attemptFeedback } from '../ui/action-attempt.js';
import { html, replaceChildrenIfChanged } from '../ui/dom.js';
import { keepingFocus } from '../ui/keep-focus.js';

const REPEAT_MS = 4000;

export class UrgentAlarm {
  readonly element = html('div', { class: 'urgent-banner', role: 'alert', hidden: true });
  private timer: number | undefined;

  constructor(
    private readonly audio: AudioContext,
    private readonly acknowledge: (message: MessageView) => void,
    /** Where the keyboard goes once the last request acknowledged from the banner has left it. */
    private readonly leave: () => void,
  ) {}

  /** `attempt` tells where an acknowledgment given here or in the hotline stands, shown in the banner too. */
  show(
    urgent: MessageView[],
    partyName: (id: string) => string,
    attempt: (id: string) => AttemptState | undefined,
  ): void {
    const wasHere = this.element.contains(document.activeElement);
    this.element.hidden = urgent.length === 0;
    // Drawn again with every entry the hub sends: an officer on Acknowledge from the keyboard stays on it.
    keepingFocus(this.element, () => this.draw(urgent, partyName, attempt));
    // The request acknowledged from here is gone with its button: on to the next one, or back to the page.
    if (wasHere && !this.element.contains(document.activeElement)) {
      const next = this.element.querySelector<HTMLElement>('[data-test=banner-acknowledge]');
      if (next) next.focus();
      else this.leave();
    }
    // The tab's title too, for an officer looking at another tab or window.
    document.title =
      urgent.length > 0 ? `⚠ ${t('urgentRequest')} (${urgent.length}) — Deconflict` : 'Deconflict';
    if (urgent.length > 0 && this.timer === undefined) {
      this.sound();
      this.timer = window.setInterval(() => this.sound(), REPEAT_MS);
    } else if (urgent.length === 0 && this.timer !== undefined) {
      window.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private draw(
    urgent: MessageView[],
    partyName: (id: string) => string,
    attempt: (id: string) => AttemptState | undefined,
  ): void {
    // The same requests, the same words: an alert drawn again unchanged is not read out again. The
    // buttons kept act on the same message and recipient as the ones that would replace them.
    replaceChildrenIfChanged(
      this.element,
      urgent.map((message) => {
        const state = attempt(message.id);
        const button = html(
          'button',
          // Not disabled while on its way: a disabled button would drop the keyboard's focus.
          {
            type: 'button',
            'data-test': 'banner-acknowledge',
            'aria-disabled': String(state?.kind === 'sending'),
          },
          t('acknowledge'),
        );
        button.addEventListener('click', () => this.acknowledge(message));
        const action = message.message.action ? t(`action.${message.message.action}` as 'action.stop') : '';
        return html(
          'div',
          { class: 'urgent-item', 'data-message': message.id },
          html('strong', {}, `${t('urgentRequest')} ${action}`),
          html(
            'span',
            {},
            ` — ${partyName(message.from)}: ${message.rendered?.title ?? ''} ${message.message.text ?? ''}`,
          ),
          button,
          attemptFeedback(state),
        );
      }),
    );
  }

  private sound(): void {
    const start = this.audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.35, 660],
      [0.7, 880],
      [1.05, 660],
    ] as const) {
      const oscillator = this.audio.createOscillator();
      const gain = this.audio.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.15;
      oscillator.connect(gain).connect(this.audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.3);
    }
  }
}

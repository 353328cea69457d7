// An urgent request that awaits this party cannot be missed: a banner across the top of every view
// and a two-tone alarm, repeated until it is acknowledged. Each entry says who asks what, the time
// left before it escalates, where (latitude and longitude, and a link that centres the map there),
// and is acknowledged from the banner. People's requests come first and each stands alone; the
// watch's many alerts about one encounter are one entry with their count (urgent-entries.ts). The
// AudioContext is made on the sign-in click, since browsers let a page sound only after a gesture.

import type { MessageView } from '../hub/views.js';
import { formatPosition } from '../i18n/format.js';
import { plural } from '../i18n/plural.js';
import { t } from '../i18n/strings.js';
import { type AttemptState, attemptFeedback } from '../ui/action-attempt.js';
import { callsign, isolate } from '../ui/describe.js';
import { html, replaceChildrenIfChanged } from '../ui/dom.js';
import { keepingFocus } from '../ui/keep-focus.js';
import { countdown, tick } from './message-card.js';
import { ownDelivery } from './receipts.js';
import { alertSides, type UrgentEntry, urgentEntries } from './urgent-entries.js';

const REPEAT_MS = 4000;
const TICK_MS = 1000;

export interface BannerContext {
  party: string;
  partyName(id: string): string;
  /** Where an acknowledgment given here or in the hotline stands, shown in the banner too. */
  attempt(id: string): AttemptState | undefined;
  /** The position the message's template carries, [longitude, latitude]. */
  positionOf(message: MessageView): [number, number] | null;
}

/** The state to show for several acknowledgments given at once: a failure before a wait before success. */
function worst(states: (AttemptState | undefined)[]): AttemptState | undefined {
  return (
    states.find((state) => state?.kind === 'failed') ??
    states.find((state) => state?.kind === 'sending') ??
    states.find((state) => state?.kind === 'recorded')
  );
}

/** The soonest deadline among the party's deliveries of an entry's messages, if any runs. */
function soonestDeadline(entry: UrgentEntry, party: string): string | null {
  const deadlines = entry.messages
    .map((message) => ownDelivery(message, party)?.deadline)
    .filter((deadline): deadline is string => typeof deadline === 'string');
  return deadlines.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

export class UrgentAlarm {
  readonly element = html('div', { class: 'urgent-banner', role: 'alert', hidden: true });
  private sounding: number | undefined;
  private ticking: number | undefined;

  constructor(
    private readonly audio: AudioContext,
    private readonly acknowledge: (message: MessageView) => void,
    private readonly showOnMap: (position: [number, number]) => void,
    /** Where the keyboard goes once the last request acknowledged from the banner has left it. */
    private readonly leave: () => void,
  ) {}

  show(urgent: MessageView[], context: BannerContext): void {
    const entries = urgentEntries(urgent);
    const section = (machine: boolean, heading: string) => {
      const items = entries.filter((entry) => entry.machine === machine);
      return items.length
        ? html(
            'section',
            { class: machine ? 'urgent-machine' : 'urgent-human', 'aria-label': heading },
            html('h2', {}, heading),
            ...items.map((entry) => this.item(entry, context)),
          )
        : null;
    };
    const wasHere = this.element.contains(document.activeElement);
    this.element.hidden = urgent.length === 0;
    // Drawn again with every entry the hub sends: an officer on Acknowledge from the keyboard stays
    // on it, and the same requests in the same words are not read out again.
    // The countdowns shown brought to this moment first, as the new ones are, so that only a change
    // of request or words draws the banner again.
    for (const element of this.element.querySelectorAll<HTMLElement>('.countdown')) tick(element);
    keepingFocus(this.element, () =>
      replaceChildrenIfChanged(
        this.element,
        [section(false, t('urgentFromParties')), section(true, t('urgentFromWatch'))].filter(
          (element) => element !== null,
        ),
      ),
    );
    // The request acknowledged from here is gone with its button: on to the next one, or back to the page.
    if (wasHere && !this.element.contains(document.activeElement)) {
      const next = this.element.querySelector<HTMLElement>('[data-test=banner-acknowledge]');
      if (next) next.focus();
      else this.leave();
    }
    // The tab's title too, for an officer looking at another tab or window.
    document.title =
      urgent.length > 0 ? `⚠ ${t('urgentRequest')} (${urgent.length}) — Deconflict` : 'Deconflict';
    if (urgent.length > 0 && this.sounding === undefined) {
      this.sound();
      this.sounding = window.setInterval(() => this.sound(), REPEAT_MS);
      this.ticking = window.setInterval(() => {
        for (const element of this.element.querySelectorAll<HTMLElement>('.countdown')) tick(element);
      }, TICK_MS);
    } else if (urgent.length === 0 && this.sounding !== undefined) {
      window.clearInterval(this.sounding);
      window.clearInterval(this.ticking);
      this.sounding = this.ticking = undefined;
    }
  }

  private item(entry: UrgentEntry, context: BannerContext): HTMLElement {
    const [latest] = entry.messages as [MessageView, ...MessageView[]];
    const count = entry.messages.length;
    const state = worst(entry.messages.map((message) => context.attempt(message.id)));
    const button = html(
      'button',
      // Not disabled while on its way: a disabled button would drop the keyboard's focus.
      {
        type: 'button',
        'data-test': 'banner-acknowledge',
        'aria-disabled': String(state?.kind === 'sending'),
      },
      count > 1 ? plural('acknowledgeAll', count) : t('acknowledge'),
    );
    button.addEventListener('click', () => {
      for (const message of entry.messages) this.acknowledge(message);
    });
    const action = latest.message.action ? t(`action.${latest.message.action}` as 'action.stop') : '';
    const deadline = soonestDeadline(entry, context.party);
    const position = context.positionOf(latest);
    return html(
      'div',
      {
        class: `urgent-item ${entry.machine ? 'urgent-group' : 'urgent-person'}`,
        'data-message': latest.id,
        'data-encounter': entry.encounter,
        'data-count': String(count),
      },
      html('strong', {}, `${t('urgentRequest')} ${action}`),
      html('span', { class: 'what' }, ` — ${this.what(latest, context)}`),
      count > 1 ? html('span', { class: 'count' }, plural('alertsAboutEncounter', count)) : null,
      // A timer is not read out as it ticks, inside the alert as elsewhere.
      deadline
        ? html('span', { class: 'time-left', role: 'timer' }, `${t('timeLeft')} `, countdown(deadline))
        : null,
      position ? this.where(position) : null,
      button,
      attemptFeedback(state),
    );
  }

  /** Who asks, and what: a person's title and text; the watch's alert and the two sides of the encounter. */
  private what(message: MessageView, context: BannerContext): string {
    const from = isolate(context.partyName(message.from));
    const sides = alertSides(message);
    if (!sides) {
      const words = [message.rendered?.title, message.message.text].filter(Boolean) as string[];
      return [`${from}:`, ...words.map(isolate)].join(' ');
    }
    const other = sides.other;
    const against =
      'track' in other
        ? callsign({ id: other.track })
        : 'place' in other
          ? other.place
          : context.partyName(other.party);
    return `${from}: ${t(`alert.${sides.alert}` as 'alert.intrusion')} · ${isolate(callsign({ id: sides.track }))} ⟷ ${isolate(against)}`;
  }

  private where([lon, lat]: [number, number]): HTMLElement {
    const link = html(
      'button',
      { type: 'button', class: 'link', 'data-test': 'banner-show-on-map' },
      t('showOnMap'),
    );
    link.addEventListener('click', () => this.showOnMap([lon, lat]));
    return html('span', { class: 'position' }, `${formatPosition([lon, lat])} `, link);
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

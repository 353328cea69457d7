// The hotline inbox: messages to and from the party, newest first, fetched again as entries arrive
// on the stream (so escalation steps show as they happen). A message reaching this browser is
// receipted as delivered at once, as read when the officer opens it; urgent ones sound the alarm.
import type { HubApi } from '../hub/hub-api.js';
import type { MessageView } from '../hub/views.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import type { PictureData } from '../picture-data.js';
import { html } from '../ui/dom.js';
import { composer } from './composer.js';
import { type CardActions, messageCard, tick } from './message-card.js';
import { awaitsUs, ownDelivery, sendReceipt } from './receipts.js';
import type { UrgentAlarm } from './urgent-alarm.js';

export class HotlinePanel {
  readonly element = html('section', { class: 'hotline' });
  private messages: MessageView[] = [];
  private box: 'in' | 'out' = 'in';
  private composing: MessageView | 'new' | null = null;
  private notice = '';
  private readonly receipted = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly api: HubApi,
    private readonly data: PictureData,
    private readonly alarm: UrgentAlarm,
  ) {
    window.setInterval(() => {
      for (const element of this.element.querySelectorAll<HTMLElement>('.countdown')) tick(element);
    }, 1000);
  }

  /** Called with how many messages await the party, whenever that may have changed. */
  onWaiting(listener: () => void): void {
    this.listeners.push(listener);
  }

  get waiting(): MessageView[] {
    return this.messages.filter((m) => m.from !== this.api.party && awaitsUs(m, this.api.party));
  }

  async refresh(): Promise<void> {
    const { messages } = await this.api.get<{ messages: MessageView[] }>(
      `/v1/messages?box=all&lang=${language()}`,
    );
    this.messages = messages;
    await this.receiptDelivered();
    this.render();
  }

  /** Tells each sender that its message reached this party's duty officer's screen. */
  private async receiptDelivered(): Promise<void> {
    for (const message of this.messages) {
      const delivery = ownDelivery(message, this.api.party);
      if (message.from === this.api.party || delivery?.state !== 'sent' || this.receipted.has(message.id))
        continue;
      this.receipted.add(message.id);
      await sendReceipt(this.api, message, delivery, 'delivered').catch(() => undefined);
    }
  }

  render(): void {
    const party = this.api.party;
    const actions: CardActions = {
      party,
      partyName: (id) => this.data.partyName(id),
      acknowledge: (message) => void this.receipt(message, 'acknowledged'),
      passOn: (message) => {
        const note = window.prompt(t('passOnNote')) ?? undefined;
        void this.receipt(message, 'passed-on', note || undefined);
      },
      reply: (message) => {
        this.composing = message;
        this.render();
      },
      read: (message) => void this.receipt(message, 'read'),
    };
    const shown = this.messages.filter((m) => (this.box === 'in') === (m.from !== party));
    const tab = (box: 'in' | 'out', label: string) => {
      const button = html(
        'button',
        { type: 'button', class: this.box === box ? 'active' : '', 'data-box': box },
        label,
      );
      button.addEventListener('click', () => {
        this.box = box;
        this.render();
      });
      return button;
    };
    const write = html('button', { type: 'button', 'data-test': 'new-message' }, t('newMessage'));
    write.addEventListener('click', () => {
      this.composing = 'new';
      this.render();
    });
    this.element.replaceChildren(
      html('h2', {}, t('hotline')),
      html(
        'div',
        { class: 'tabs' },
        tab('in', `${t('incoming')} (${this.waiting.length})`),
        tab('out', t('outgoing')),
        write,
      ),
      this.notice ? html('p', { class: 'notice', role: 'status' }, this.notice) : '',
      this.composing
        ? composer(
            this.api,
            this.data.parties,
            this.composing === 'new' ? null : this.composing,
            (sent, error) => {
              this.composing = sent || !error ? null : this.composing;
              this.notice = error ?? (sent ? t('messageSent') : '');
              void this.refresh();
            },
          )
        : '',
      shown.length ? '' : html('p', { class: 'empty' }, t('noMessages')),
      ...shown.map((message) => messageCard(message, actions)),
    );
    this.alarm.show(
      this.waiting.filter((m) => m.kind === 'urgent-request'),
      (id) => this.data.partyName(id),
    );
    for (const listener of this.listeners) listener();
  }

  async acknowledge(message: MessageView): Promise<void> {
    await this.receipt(message, 'acknowledged');
  }

  private async receipt(
    message: MessageView,
    state: 'read' | 'acknowledged' | 'passed-on',
    note?: string,
  ): Promise<void> {
    const delivery = ownDelivery(message, this.api.party);
    if (!delivery) return;
    try {
      await sendReceipt(this.api, message, delivery, state, note);
      this.notice = '';
    } catch (error) {
      this.notice = (error as Error).message;
    }
    await this.refresh();
  }
}

// The hotline inbox: messages to and from the party, newest first, fetched again as entries arrive
// on the stream (so escalation steps show as they happen). A message reaching this browser is
// receipted as delivered at once, as read when the officer opens it; urgent ones sound the alarm.
// An acknowledgment or a passing on is shown where it was clicked until the hub has recorded it, and
// while the hub is out of reach the deadlines say they are as of when it was last heard from.
import type { HubApi, SignedSubmission } from '../hub/hub-api.js';
import type { MessageView } from '../hub/views.js';
import { formatClock } from '../i18n/format.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import type { PositionPick } from '../map/position-pick.js';
import type { OperatorDirectory } from '../operator-directory.js';
import type { PictureData } from '../picture-data.js';
import { type AttemptState, failureReason } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { keepingFocus } from '../ui/keep-focus.js';
import { PressGuard } from '../ui/press-guard.js';
import { answeredQuote } from './answered-quote.js';
import { type Compose, type Composer, composer, type KeptDraft } from './composer.js';
import { type CardActions, messageCard, tick } from './message-card.js';
import { awaitsUs, ownDelivery, receiptFields, sendReceipt } from './receipts.js';
import { TemplateList } from './template-list.js';
import type { UrgentAlarm } from './urgent-alarm.js';

export class HotlinePanel {
  readonly element = html('section', { class: 'hotline' });
  private messages: MessageView[] = [];
  private box: 'in' | 'out' = 'in';
  private composing: MessageView | 'new' | null = null;
  private kept: KeptDraft = {};
  /** The form being written in, kept across redraws of the panel so that typing is not interrupted. */
  private form: Composer | null = null;
  /** The language and templates the form was last drawn with. */
  private formDrawnFor = '';
  private readonly templates: TemplateList;
  /** Why the message being written was not sent, shown above the form. */
  private unsent = '';
  private notice = '';
  private readonly receipted = new Set<string>();
  /** The officer's acknowledgments and passings on, by message, until the hub's view shows them. */
  private readonly attempts = new Map<string, AttemptState>();
  private readonly listeners: (() => void)[] = [];
  /** What the hub sends is drawn between the officer's presses, never under one. */
  private readonly pressGuard = new PressGuard();
  private readonly redraw = () => this.render();

  constructor(
    private readonly api: HubApi,
    private readonly data: PictureData,
    private readonly operators: OperatorDirectory,
    private readonly alarm: UrgentAlarm,
    private readonly picker: PositionPick,
    private readonly showOnMap: (position: [number, number]) => void,
  ) {
    this.templates = new TemplateList(api);
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
    const [{ messages }] = await Promise.all([
      this.api.get<{ messages: MessageView[] }>(`/v1/messages?box=all&lang=${language()}`),
      this.templates.load(),
    ]);
    this.messages = messages;
    // The hub's view now shows what was recorded; what failed stays until retried.
    for (const [id, attempt] of this.attempts) if (attempt.kind === 'recorded') this.attempts.delete(id);
    await this.receiptDelivered();
    this.pressGuard.draw(this.redraw);
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
      operatorName: (id) => this.operators.name(id),
      declarationTitle: (id) => this.data.declarationTitle(id),
      showOnMap: this.showOnMap,
      acknowledge: (message) => void this.acknowledge(message),
      passOn: (message) => {
        const note = window.prompt(t('passOnNote')) ?? undefined;
        void this.answer(message, 'passed-on', note || undefined);
      },
      attempt: (message) => this.attempts.get(message.id),
      reply: (message) => this.compose(message),
      answered: (id) => this.messages.find((message) => message.id === id),
      read: (message) => {
        const delivery = ownDelivery(message, party);
        // A read receipt is a courtesy to the sender: one that does not arrive is not the officer's to retry.
        if (delivery)
          void sendReceipt(this.api, message, delivery, 'read').then(
            () => this.refresh(),
            () => {},
          );
      },
    };
    const stale = this.api.link.current;
    const shown = this.messages.filter((m) => (this.box === 'in') === (m.from !== party));
    const tab = (box: 'in' | 'out', label: string) => {
      const button = html(
        'button',
        {
          type: 'button',
          class: this.box === box ? 'active' : '',
          'aria-pressed': String(this.box === box),
          'data-box': box,
        },
        label,
      );
      button.addEventListener('click', () => {
        this.box = box;
        this.render();
      });
      return button;
    };
    const write = html('button', { type: 'button', 'data-test': 'new-message' }, t('newMessage'));
    write.addEventListener('click', () => this.compose('new'));
    this.element.classList.toggle('stale', stale.kind === 'lost');
    // Drawn again with every entry the hub sends: an officer on a Reply from the keyboard stays on it.
    keepingFocus(this.element, () =>
      this.element.replaceChildren(
        html('h2', {}, t('hotline')),
        stale.kind === 'lost'
          ? html(
              'p',
              { class: 'as-of', role: 'status' },
              t('hotlineAsOf', { time: formatClock(stale.since) }),
            )
          : '',
        html(
          'div',
          { class: 'tabs' },
          tab('in', `${t('incoming')} (${this.waiting.length})`),
          tab('out', t('outgoing')),
          write,
        ),
        this.notice ? html('p', { class: 'notice', role: 'status' }, this.notice) : '',
        this.unsent
          ? html(
              'p',
              { class: 'attempt failed', role: 'alert' },
              `✖ ${t('notSent', { reason: this.unsent })}`,
            )
          : '',
        this.composerForm(),
        shown.length ? '' : html('p', { class: 'empty' }, t('noMessages')),
        ...shown.map((message) => messageCard(message, actions)),
      ),
    );
    this.alarm.show(
      this.waiting.filter((m) => m.kind === 'urgent-request'),
      {
        party,
        partyName: (id) => this.data.partyName(id),
        attempt: (id) => this.attempts.get(id),
        positionOf: (message) => this.templates.positionOf(message),
      },
    );
    for (const listener of this.listeners) listener();
  }

  /** Opens the form for a new message or a reply, with nothing of an earlier draft, and goes to it. */
  private compose(target: MessageView | 'new', written?: Compose): void {
    this.composing = target;
    this.kept = written ? { draft: written } : {};
    this.form = null;
    this.unsent = '';
    // What was said of the last message is not about this one.
    this.notice = '';
    this.render();
    this.element.querySelector<HTMLElement>('.composer select, .composer input')?.focus();
  }

  /** Back to the button the form was opened from, once it is closed. */
  private returnFocus(target: MessageView | 'new'): void {
    const opener =
      target === 'new'
        ? '[data-test=new-message]'
        : `.message[data-message="${CSS.escape(target.id)}"] [data-test=reply]`;
    this.element.querySelector<HTMLElement>(opener)?.focus();
  }

  /** Opens the form on a message the picture wrote (see written-drafts.ts), for the officer to check and send. */
  composeWritten(draft: Compose): void {
    this.compose('new', draft);
  }

  /** The form being written in, drawn again only when the language or the templates it shows change. */
  private composerForm(): HTMLFormElement | '' {
    const composing = this.composing;
    if (!composing) return '';
    const drawnFor = `${language()} ${this.templates.loaded}`;
    if (this.form && this.formDrawnFor !== drawnFor) this.form.redraw();
    this.formDrawnFor = drawnFor;
    this.form ??= composer(
      {
        api: this.api,
        parties: this.data.parties,
        templates: this.templates,
        picker: this.picker,
        quote: (message) =>
          answeredQuote(message, message.id, {
            partyName: (id) => this.data.partyName(id),
            operatorName: (id) => this.operators.name(id),
          }),
      },
      composing === 'new' ? null : composing,
      this.kept,
      (sent, error) => {
        // Refused or unanswered, the form stays with what was written, to be sent again.
        this.unsent = error ?? '';
        if (!error) {
          this.composing = null;
          this.form = null;
        }
        this.notice = sent ? t('messageSent') : '';
        this.render();
        if (!error) this.returnFocus(composing);
        void this.refresh().catch(() => {});
      },
    );
    return this.form.element;
  }

  async acknowledge(message: MessageView): Promise<void> {
    await this.answer(message, 'acknowledged');
  }

  /** The officer's answer to a delivery, signed once: a retry sends the same command again. */
  private async answer(
    message: MessageView,
    state: 'acknowledged' | 'passed-on',
    note?: string,
  ): Promise<void> {
    const delivery = ownDelivery(message, this.api.party);
    if (!delivery || this.attempts.get(message.id)?.kind === 'sending') return;
    const submission = await this.api.sign('delivery.receipt', receiptFields(message, delivery, state, note));
    await this.attempt(message.id, submission);
  }

  private async attempt(id: string, submission: SignedSubmission): Promise<void> {
    this.attempts.set(id, { kind: 'sending' });
    this.render();
    try {
      await submission.send();
      this.attempts.set(id, { kind: 'recorded' });
    } catch (error) {
      this.attempts.set(id, {
        kind: 'failed',
        reason: failureReason(error),
        retry: () => void this.attempt(id, submission),
      });
    }
    this.render();
    // Out of reach, the link says so; the card keeps what is known until the hub answers again.
    await this.refresh().catch(() => {});
  }
}

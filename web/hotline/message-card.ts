// One hotline message: what it says (rendered in the reader's language by the hub), each recipient's
// delivery with who is asked now and the time left, the escalation steps so far, and the buttons
// for the party's own delivery. Operators are named as the directory names them (operator-named.ts).

import type { DeliveryView, MessageView, Step } from '../hub/views.js';
import { formatCountdown, formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { type AttemptState, attemptFeedback } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { isolatedWords } from '../ui/isolated-words.js';
import { answeredQuote } from './answered-quote.js';
import { type FieldReading, fieldValue } from './field-value.js';
import { type OperatorName, operatorNamed } from './operator-named.js';
import { awaitsUs } from './receipts.js';

export interface CardActions extends FieldReading {
  party: string;
  operatorName: OperatorName;
  acknowledge(message: MessageView): void;
  passOn(message: MessageView): void;
  reply(message: MessageView): void;
  read(message: MessageView): void;
  /** The message a reply answers, if this party may read it. */
  answered(id: string): MessageView | undefined;
  /** Where the officer's own answer to this message stands, if one was given here. */
  attempt(message: MessageView): AttemptState | undefined;
}

export function describeStep(step: Step, operatorName: OperatorName): (Node | string)[] {
  if (step.kind === 'party') return [t('step.party')];
  const operator = operatorNamed(step.operator, operatorName);
  return step.kind === 'chief' ? isolatedWords('step.chief', {}, { operator }) : [operator];
}

/** The element that shows the time left to a deadline; the panel's ticker updates it every second. */
export function countdown(deadline: string | null): HTMLElement | null {
  if (deadline === null) return null;
  const element = html('span', { class: 'countdown', 'data-deadline': deadline });
  tick(element);
  return element;
}

export function tick(element: HTMLElement): void {
  const left = Date.parse(element.dataset.deadline ?? '') - Date.now();
  element.textContent = formatCountdown(left);
  element.classList.toggle('overdue', left < 0);
}

function deliveryRow(delivery: DeliveryView, actions: CardActions): HTMLElement {
  const open = ['sent', 'delivered', 'read'].includes(delivery.state) && delivery.grouped_with === undefined;
  return html(
    'li',
    { class: `delivery state-${delivery.state}`, 'data-recipient': delivery.recipient },
    html(
      'span',
      { class: 'recipient' },
      html('bdi', {}, actions.partyName(delivery.party)),
      ' (',
      html('bdi', {}, delivery.recipient),
      ')',
    ),
    html('span', { class: 'state', 'data-test': 'delivery-state' }, t(`state.${delivery.state}`)),
    open
      ? html(
          'span',
          { class: 'asked' },
          `${t('asked')}: `,
          ...describeStep(delivery.step, actions.operatorName),
        )
      : null,
    open ? countdown(delivery.deadline) : null,
    delivery.acknowledged_by
      ? html(
          'span',
          { class: 'by' },
          `${t('acknowledgedBy')} `,
          operatorNamed(delivery.acknowledged_by, actions.operatorName),
        )
      : null,
    delivery.repeats
      ? html(
          'span',
          { class: 'repeats' },
          t('repeated', { count: delivery.repeats.count, last: formatTime(delivery.repeats.last) }),
        )
      : null,
    html(
      'ol',
      { class: 'history' },
      ...delivery.history.map((event) =>
        html(
          'li',
          { class: `event-${event.state}` },
          `${formatTime(event.time)} · ${t(`state.${event.state}` as 'state.sent')}`,
          ...(event.step ? [' → ', ...describeStep(event.step, actions.operatorName)] : []),
          // Set apart, not in brackets: the operator's name already has its id in brackets.
          ...(event.operator ? [' · ', operatorNamed(event.operator, actions.operatorName)] : []),
        ),
      ),
    ),
  );
}

export function messageCard(message: MessageView, actions: CardActions): HTMLElement {
  const incoming = message.from !== actions.party;
  const waiting = incoming && awaitsUs(message, actions.party);
  const attempt = actions.attempt(message);
  const button = (label: string, test: string, act: (m: MessageView) => void) => {
    const element = html(
      'button',
      { type: 'button', 'data-test': test, disabled: attempt?.kind === 'sending' },
      label,
    );
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      act(message);
    });
    return element;
  };
  const card = html(
    'article',
    {
      class: `message kind-${message.kind} ${incoming ? 'incoming' : 'outgoing'} ${waiting ? 'waiting' : ''}`,
      'data-message': message.id,
    },
    html(
      'header',
      {},
      html(
        'span',
        { class: 'kind' },
        t(`message.${message.kind}`),
        message.message.action ? ` · ${t(`action.${message.message.action}` as 'action.stop')}` : '',
      ),
      html(
        'span',
        { class: 'from' },
        ...(incoming ? [`${t('from')} `, html('bdi', {}, actions.partyName(message.from))] : [t('sentByUs')]),
      ),
      html('time', {}, formatTime(message.time)),
    ),
    message.message.reply_to
      ? answeredQuote(actions.answered(message.message.reply_to), message.message.reply_to, actions)
      : null,
    message.rendered ? html('h3', { dir: 'auto' }, message.rendered.title) : null,
    message.message.text ? html('p', { class: 'text', dir: 'auto' }, message.message.text) : null,
    message.message.answer
      ? html('p', { class: 'answer' }, t(`answer.${message.message.answer}` as 'answer.agreed'))
      : null,
    message.message.reasons ? html('p', { class: 'reasons', dir: 'auto' }, message.message.reasons) : null,
    message.rendered?.fields.length
      ? html(
          'dl',
          {},
          ...message.rendered.fields.flatMap((f) => [
            html('dt', {}, f.label),
            html('dd', { 'data-field': f.name }, ...fieldValue(f, actions)),
          ]),
        )
      : null,
    message.withdrawn ? html('p', { class: 'withdrawn' }, t('withdrawn')) : null,
    html('ul', { class: 'deliveries' }, ...message.deliveries.map((d) => deliveryRow(d, actions))),
    attemptFeedback(attempt),
    waiting && attempt?.kind !== 'recorded'
      ? html(
          'div',
          { class: 'actions' },
          button(t('acknowledge'), 'acknowledge', actions.acknowledge),
          button(t('passOn'), 'pass-on', actions.passOn),
          button(t('reply'), 'reply', actions.reply),
        )
      : incoming && message.kind !== 'reply'
        ? html('div', { class: 'actions' }, button(t('reply'), 'reply', actions.reply))
        : null,
  );
  // Opened when clicked, or when the keyboard comes into it: once, either way.
  if (waiting) {
    const read = () => {
      card.removeEventListener('click', read);
      card.removeEventListener('focusin', read);
      actions.read(message);
    };
    card.addEventListener('click', read);
    card.addEventListener('focusin', read);
  }
  return card;
}

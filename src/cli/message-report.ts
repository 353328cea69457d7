// A hotline message told to a person: what it asks, in the reader's language where a template says
// it, and for each delivery where it stands, who is asked now and how long they have left.
import type { DeliveryEventView, DeliveryView, MessageView } from '../client/hub-views.js';
import { awaitingAcknowledgment } from '../hotline/delivery.js';
import { stepLabel } from '../hotline/escalation.js';
import { textTable } from './text-table.js';

const TITLE_LENGTH = 60;

/** The kind, with the action an urgent request asks for or the answer a reply gives. */
export function kindText(view: MessageView): string {
  const detail = view.message.action ?? view.message.answer;
  return detail ? `${view.kind} (${detail})` : view.kind;
}

/** The template's title in the reader's language, else the start of the free text. */
export function titleText(view: MessageView): string {
  if (view.rendered) return view.rendered.title;
  const line = view.message.text?.split('\n')[0] ?? '';
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

/**
 * Someone is still asked to act on it; the step and deadline of any other are as it ended. Nobody
 * is asked about a repeat: the request it repeats is.
 */
const asking = (d: DeliveryView) => awaitingAcknowledgment(d) && d.grouped_with === undefined;

export function stateText(d: DeliveryView): string {
  const state =
    d.state === 'acknowledged' && d.acknowledged_by
      ? `acknowledged by ${d.acknowledged_by}`
      : d.grouped_with && awaitingAcknowledgment(d)
        ? `repeat of ${d.grouped_with}`
        : d.state;
  return d.repeats ? `${state}, repeated ${d.repeats.count}× (last ${d.repeats.last})` : state;
}

export const askingText = (d: DeliveryView) => (asking(d) ? stepLabel(d.step) : '');

/** Whole seconds as `1h 05m`, `3m 07s` or `12s`. */
export function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${two(m)}m`;
  return m > 0 ? `${m}m ${two(s)}s` : `${s}s`;
}

/** Time left to the current step's deadline, as of `now`; after it, until the hub escalates, overdue. */
export function timeLeftText(d: DeliveryView, now: number): string {
  if (!asking(d) || d.deadline === null) return '';
  const seconds = Math.ceil((Date.parse(d.deadline) - now) / 1000);
  return seconds > 0 ? `${durationText(seconds)} left` : `overdue ${durationText(-seconds)}`;
}

function eventWho(event: DeliveryEventView): string {
  if (event.step) return `asking ${stepLabel(event.step)}`;
  return event.operator ? `by ${event.operator}` : '';
}

function deliveryText(d: DeliveryView, now: number): string {
  const where = [stateText(d), askingText(d) && `asking ${askingText(d)}`, timeLeftText(d, now)];
  const history = textTable(
    ['TIME', 'EVENT', 'WHO', 'ENTRY'],
    d.history.map((event) => [event.time, event.state, eventWho(event), String(event.entry)]),
  );
  return [
    `Delivery to ${d.recipient}: ${where.filter(Boolean).join(', ')}`,
    history.replace(/^/gm, '  '),
  ].join('\n');
}

/** The whole message as one party may see it, as of `now`. */
export function messageText(view: MessageView, now: number): string {
  const { message } = view;
  const lines = [
    `${view.id}: ${kindText(view)}`,
    `from ${view.from}${view.operator ? `, signed by ${view.operator}` : ''} at ${view.time} (entry ${view.entry})`,
  ];
  if (view.withdrawn) lines.push(`withdrawn by its sender at ${view.withdrawn}`);
  if (message.reply_to) lines.push(`in reply to ${message.reply_to}`);
  if (message.reasons) lines.push(`reasons: ${message.reasons}`);
  if (message.references?.length) {
    const reference = (r: { type: string; id: string; version?: number }) =>
      `${r.type}:${r.id}${r.version === undefined ? '' : `@${r.version}`}`;
    lines.push(`references: ${message.references.map(reference).join(', ')}`);
  }
  if (view.rendered) {
    lines.push('', view.rendered.title, ...view.rendered.fields.map((f) => `  ${f.label}: ${f.value}`));
  }
  if (message.text) {
    const language = message.language ? ` (${message.language})` : '';
    lines.push('', `Text${language}:`, message.text.replace(/^/gm, '  '));
  }
  for (const d of view.deliveries) lines.push('', deliveryText(d, now));
  return lines.join('\n');
}

// A message as one party may see it: the sender sees every recipient's delivery, a recipient only
// its own; the template rendered in the reader's language beside the data it was sent with.
import type { Delivery, Step } from './delivery.js';
import type { Message } from './message.js';
import type { Repeat } from './repeats.js';
import { type Language, renderTemplate } from './templates.js';

const stepView = (step: Step) =>
  step.kind === 'member'
    ? { kind: step.kind, operator: step.operator, position: step.position }
    : step.kind === 'chief'
      ? { kind: step.kind, operator: step.operator }
      : { kind: step.kind };

/** A duty officer's view of the repeats: how many, since when, the latest, and which. */
function repeatsView(repeats: readonly Repeat[]) {
  return {
    count: repeats.length,
    first: (repeats[0] as Repeat).time,
    last: (repeats[repeats.length - 1] as Repeat).time,
    messages: repeats.map((repeat) => repeat.message),
  };
}

function deliveryView(delivery: Delivery) {
  return {
    recipient: delivery.recipient,
    party: delivery.party,
    roster: delivery.roster,
    state: delivery.state,
    step: stepView(delivery.step),
    deadline: Number.isFinite(delivery.deadline) ? new Date(delivery.deadline).toISOString() : null,
    deadline_s: delivery.deadlineS,
    ...(delivery.acknowledgedBy ? { acknowledged_by: delivery.acknowledgedBy } : {}),
    ...(delivery.groupedWith ? { grouped_with: delivery.groupedWith } : {}),
    ...(delivery.repeats?.length ? { repeats: repeatsView(delivery.repeats) } : {}),
    history: delivery.history.map((event) => ({
      state: event.state,
      time: event.time,
      entry: event.entry,
      ...(event.operator ? { operator: event.operator } : {}),
      ...(event.step ? { step: stepView(event.step) } : {}),
      ...(event.note ? { note: event.note } : {}),
    })),
  };
}

/** Whether `party` sent the message or is one of its recipients. */
export function concerns(message: Message, party: string): boolean {
  return message.party === party || message.deliveries.some((d) => d.party === party);
}

/** The deliveries `party` may see of a message: every one to its sender, its own to a recipient. */
export function deliveriesSeenBy(message: Message, party: string): Delivery[] {
  return message.party === party ? message.deliveries : message.deliveries.filter((d) => d.party === party);
}

export function messageView(message: Message, party: string, language: Language) {
  const deliveries = deliveriesSeenBy(message, party);
  const { template } = message.body;
  return {
    id: message.id,
    kind: message.body.kind,
    from: message.party ?? 'hub',
    operator: message.operator,
    time: message.time,
    entry: message.entry,
    message: message.body,
    ...(template ? { rendered: renderTemplate(template.name, template.fields, language) } : {}),
    deliveries: deliveries.map(deliveryView),
    ...(message.withdrawn ? { withdrawn: message.withdrawn } : {}),
  };
}

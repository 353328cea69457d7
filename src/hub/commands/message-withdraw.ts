import { Type } from '@sinclair/typebox';
import { awaitingAcknowledgment } from '../../hotline/delivery.js';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { messageVisibility } from './message-routing.js';

export const messageWithdraw = defineCommand({
  type: 'message.withdraw',
  schema: commandSchema(
    'message.withdraw',
    { message: MessageId, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
    'Withdraws a message of the author’s party: deliveries not yet acknowledged stop escalating.',
  ),
  decide({ state, author }, command) {
    requireDeclarer(author);
    const message = state.hotline.messages.get(command.message);
    if (!message || message.party !== author.party) {
      throw problems.notFound(`your party sent no message ${command.message}`, '/command/message');
    }
    if (message.withdrawn)
      throw problems.conflict(`${command.message} is already withdrawn`, '/command/message');
    return { visibility: messageVisibility(message.body, author.party) };
  },
  apply(state, command, entry) {
    const message = state.hotline.messages.get(command.message);
    if (!message) throw new Error(`message.withdraw for unknown ${command.message}`);
    message.withdrawn = entry.time;
    for (const delivery of message.deliveries) {
      if (!awaitingAcknowledgment(delivery) || delivery.state === 'expired') continue;
      delivery.state = 'withdrawn';
      const event = { state: 'withdrawn' as const, time: entry.time, entry: state.size };
      delivery.history.push(event);
      // Its repeats were asked only through it: withdrawn with it, they do not linger unanswerable.
      state.hotline.settleRepeats(delivery, event);
    }
  },
});

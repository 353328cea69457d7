import { Type } from '@sinclair/typebox';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const deliveryExpire = defineCommand({
  type: 'delivery.expire',
  schema: commandSchema(
    'delivery.expire',
    { message: MessageId, recipient: Type.String({ minLength: 1, maxLength: 200 }) },
    'Written by the hub when every step, the whole party last, has let the deadline pass unacknowledged.',
  ),
  decide() {
    throw problems.forbidden('only the hub expires deliveries');
  },
  apply(state, command, entry) {
    const found = state.hotline.delivery(command.message, command.recipient);
    if (!found) throw new Error(`delivery.expire for unknown delivery ${command.message}`);
    found.delivery.state = 'expired';
    const event = { state: 'expired' as const, time: entry.time, entry: state.size };
    found.delivery.history.push(event);
    state.hotline.settleRepeats(found.delivery, event);
  },
});

import { Type } from '@sinclair/typebox';
import { movesForward, RECEIPT_STATES, type ReceiptState } from '../../hotline/delivery.js';
import { deliveryParties } from '../../hotline/message.js';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

/** Receiving and reading ask nothing of the operator; acknowledging and passing on commit its party. */
const ACTING: ReadonlySet<ReceiptState> = new Set(['acknowledged', 'passed-on']);

export const deliveryReceipt = defineCommand({
  type: 'delivery.receipt',
  schema: commandSchema(
    'delivery.receipt',
    {
      message: MessageId,
      recipient: Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The delivery: "<party>" or "<party>/<duty>".',
      }),
      state: Type.Union(RECEIPT_STATES.map((s) => Type.Literal(s))),
      note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    },
    'A recipient’s signed receipt: delivered (its client has it), read, acknowledged, passed on to its units.',
  ),
  decide({ state, author }, command) {
    const found = state.hotline.delivery(command.message, command.recipient);
    // Another party's deliveries are reported as absent.
    if (!found || found.delivery.party !== author.party) {
      throw problems.notFound(
        `no delivery of ${command.message} to ${command.recipient} for your party`,
        '/command/recipient',
      );
    }
    if (ACTING.has(command.state) && author.role === 'viewer') {
      throw problems.forbidden(
        'a viewer may not acknowledge or pass on; a duty officer or administrator may',
      );
    }
    if (found.message.withdrawn)
      throw problems.conflict(`${command.message} was withdrawn by its sender`, '/command/message');
    if (!movesForward(found.delivery, command.state)) {
      throw problems.conflict(`the delivery is already ${found.delivery.state}`, '/command/state');
    }
    return { visibility: deliveryParties(found.message, author.party) };
  },
  apply(state, command, entry) {
    const found = state.hotline.delivery(command.message, command.recipient);
    if (!found) throw new Error(`delivery.receipt for unknown delivery ${command.message}`);
    const { delivery } = found;
    const operator = (entry.author as { operator: string }).operator;
    delivery.state = command.state;
    if (command.state === 'acknowledged') delivery.acknowledgedBy = operator;
    const event = {
      state: command.state,
      time: entry.time,
      entry: state.size,
      operator,
      ...(command.note ? { note: command.note } : {}),
    };
    delivery.history.push(event);
    // Acting on a request acts on its repeats: they asked the same.
    if (ACTING.has(command.state)) state.hotline.settleRepeats(delivery, event);
  },
});

// The hub's entry grouping a repeat with the earlier delivery of the same request, still waiting:
// the repeat is recorded and shown there, but nobody is asked for it and no deadline runs.
import { Type } from '@sinclair/typebox';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

export function deliveryGroupedCommand(
  fields: { message: string; recipient: string; with: string },
  visibility: string[],
): HubConsequence {
  return { command: { type: deliveryGrouped.type, ...fields }, visibility };
}

export const deliveryGrouped = defineCommand({
  type: 'delivery.grouped',
  schema: commandSchema(
    'delivery.grouped',
    {
      message: MessageId,
      recipient: Type.String({ minLength: 1, maxLength: 200 }),
      with: MessageId,
    },
    'Written by the hub: a repeat of a request the recipient has not acknowledged yet, grouped with it.',
  ),
  decide() {
    throw problems.forbidden('only the hub groups deliveries');
  },
  apply(state, command, entry) {
    const repeat = state.hotline.delivery(command.message, command.recipient);
    const first = state.hotline.delivery(command.with, command.recipient);
    if (!repeat || !first)
      throw new Error(`delivery.grouped for unknown delivery ${command.message} → ${command.recipient}`);
    repeat.delivery.groupedWith = command.with;
    repeat.delivery.history.push({
      state: 'grouped',
      time: entry.time,
      entry: state.size,
      note: command.with,
    });
    first.delivery.repeats ??= [];
    first.delivery.repeats.push({ message: command.message, time: entry.time, entry: state.size });
  },
});

// The hub's own messages, such as the conflict notice each owner gets when a conflict is recorded.
// Routed and escalated like any other; the sender is the hub.
import { MessageBody } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { recordMessage } from './message-record.js';

export const messageNotice = defineCommand({
  type: 'message.notice',
  schema: commandSchema(
    'message.notice',
    { message: MessageBody },
    'Written by the hub: a notice of its own.',
  ),
  decide() {
    throw problems.forbidden('only the hub sends notices');
  },
  apply(state, { message }, entry) {
    recordMessage(state, message, null, null, entry);
  },
});

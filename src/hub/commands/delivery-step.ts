// The hub's entry naming who is asked to acknowledge a delivery, and by when: at sending, and at
// each escalation (a missed deadline, or the one asked going off line). Recorded, because who was
// on line is not in the record, and visible to sender and recipient alike.
import { Type } from '@sinclair/typebox';
import { parseRfc3339 } from '../../geo/rfc3339.js';
import type { Step } from '../../hotline/delivery.js';
import { MessageId } from '../../hotline/message-schema.js';
import { problems } from '../problem.js';
import { commandSchema, OperatorId, Rfc3339 } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

export const StepField = Type.Union([
  Type.Object(
    { kind: Type.Literal('member'), operator: OperatorId, position: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('chief'), operator: OperatorId }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('party') }, { additionalProperties: false }),
]);

export type StepReason = 'sent' | 'deadline' | 'offline';

export function deliveryStepCommand(
  fields: {
    message: string;
    recipient: string;
    step: Step;
    deadline: number;
    deadlineS: number;
    reason: StepReason;
  },
  visibility: string[],
): HubConsequence {
  return {
    command: {
      type: deliveryStep.type,
      message: fields.message,
      recipient: fields.recipient,
      step: { ...fields.step },
      deadline: new Date(fields.deadline).toISOString(),
      deadline_s: fields.deadlineS,
      reason: fields.reason,
    },
    visibility,
  };
}

export const deliveryStep = defineCommand({
  type: 'delivery.step',
  schema: commandSchema(
    'delivery.step',
    {
      message: MessageId,
      recipient: Type.String({ minLength: 1, maxLength: 200 }),
      step: StepField,
      deadline: Rfc3339,
      deadline_s: Type.Integer({ minimum: 1 }),
      reason: Type.Union([Type.Literal('sent'), Type.Literal('deadline'), Type.Literal('offline')]),
    },
    'Written by the hub: who is asked to acknowledge a delivery now, and by when.',
  ),
  decide() {
    throw problems.forbidden('only the hub routes deliveries');
  },
  apply(state, command, entry) {
    const found = state.hotline.delivery(command.message, command.recipient);
    if (!found)
      throw new Error(`delivery.step for unknown delivery ${command.message} → ${command.recipient}`);
    const { message, delivery } = found;
    delivery.step = command.step as Step;
    delivery.deadline = parseRfc3339(command.deadline) as number;
    delivery.deadlineS = command.deadline_s;
    delivery.history.push({
      state: command.reason === 'sent' ? 'routed' : 'escalated',
      time: entry.time,
      entry: state.size,
      step: command.step as Step,
    });
    state.hotline.arm(message, delivery);
    if (command.reason === 'sent') state.hotline.routedFirst(message, delivery);
  },
});

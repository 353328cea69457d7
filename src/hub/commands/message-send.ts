import { MessageBody } from '../../hotline/message-schema.js';
import { TEMPLATES, templateProblems } from '../../hotline/templates.js';
import type { FieldProblem } from '../problem.js';
import { problems } from '../problem.js';
import type { HubState, Operator } from '../state.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { holdToSendLimits } from './message-limits.js';
import { recordMessage } from './message-record.js';
import { messageVisibility, routeMessage } from './message-routing.js';

function messageProblems(state: HubState, author: Operator, body: MessageBody): FieldProblem[] {
  const found: FieldProblem[] = [];
  const at = (field: string, reason: string) => found.push({ field: `/command/message${field}`, reason });
  if (!body.id.startsWith(`${author.party}/`)) at('/id', `must begin with your party’s id: ${author.party}/`);
  const recipients = new Set<string>();
  body.recipients.forEach((recipient, i) => {
    if (!state.parties.has(recipient.party)) at(`/recipients/${i}/party`, `no party ${recipient.party}`);
    if (recipient.party === author.party)
      at(`/recipients/${i}/party`, 'a party does not send itself hotline messages');
    const key = `${recipient.party}/${recipient.duty ?? ''}`;
    if (recipients.has(key)) at(`/recipients/${i}`, 'is listed twice');
    recipients.add(key);
  });
  // A reply's answer says enough on its own; anything else needs a template or words.
  if (!body.template && !body.text && !body.answer) at('/text', 'required when there is no template');
  // What only the hub writes (a conflict, an alert, an expiry, an incident) must not be sent in its
  // form by a party: a recipient would read a party's words as the hub's.
  if (body.template && TEMPLATES.get(body.template.name)?.hubNotice)
    at('/template/name', `${body.template.name} is the hub’s own notice: parties do not send it`);
  else if (body.template) {
    for (const [name, reason] of templateProblems(body.kind, body.template.name, body.template.fields)) {
      at(name === '' ? '/template/name' : `/template/fields/${name}`, reason);
    }
  }
  if (body.kind === 'urgent-request' && !body.action)
    at('/action', 'an urgent request says stop, hold or divert');
  if (body.kind !== 'urgent-request' && body.action) at('/action', 'only urgent requests carry an action');
  if (body.kind === 'reply') {
    const original = body.reply_to ? state.hotline.messages.get(body.reply_to) : undefined;
    const addressed = original?.deliveries.some((d) => d.party === author.party);
    if (!original || !addressed) at('/reply_to', 'must name a message sent to your party');
    else if (body.answer && original.body.kind !== 'coordination-request') {
      at('/answer', 'only a coordination request is answered agreed, agreed with changes or refused');
    } else if (original.body.kind === 'coordination-request' && !body.answer) {
      at('/answer', 'a reply to a coordination request answers agreed, agreed-with-changes or refused');
    }
    if (body.answer && body.answer !== 'agreed' && !body.reasons)
      at('/reasons', 'say what changes, or why not');
  } else if (body.reply_to || body.answer) {
    at(body.reply_to ? '/reply_to' : '/answer', 'only a reply has this');
  }
  return found;
}

export const messageSend = defineCommand({
  type: 'message.send',
  schema: commandSchema(
    'message.send',
    { message: MessageBody },
    'Sends a hotline message to parties or their rosters; each recipient gets a delivery with a deadline.',
  ),
  decide({ state, author, now, online, refusals }, { message }) {
    requireDeclarer(author);
    const found = messageProblems(state, author, message);
    if (found.length > 0) throw problems.badRequest('the message is not valid', found);
    if (state.hotline.messages.has(message.id)) {
      throw problems.conflict(`message ${message.id} was already sent`, '/command/message/id');
    }
    holdToSendLimits(state, refusals, author, message, now);
    return {
      visibility: messageVisibility(message, author.party),
      consequences: routeMessage(state, message, author.party, now, online),
    };
  },
  apply(state, { message }, entry) {
    const author = entry.author as { party: string; operator: string };
    recordMessage(state, message, author.party, author.operator, entry);
  },
});

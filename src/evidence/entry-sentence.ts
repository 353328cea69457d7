// One entry of the record told as a sentence a person reads: who did what, to what. Only what the
// entry itself says is used, so the same entries always tell the same story, and an inquiry can
// regenerate the timeline from them and compare.
import type { Entry } from '../record/index.js';

type Fields = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** The author as a person reads it: the operator and its party, or the hub. */
export function authorOf(entry: Entry): string {
  return 'hub' in entry.author ? 'the hub' : `${entry.author.operator} (${entry.author.party})`;
}

function recipients(message: Fields): string {
  const list = Array.isArray(message.recipients) ? (message.recipients as Fields[]) : [];
  return list.map((r) => (r.duty ? `${text(r.party)}/${text(r.duty)}` : text(r.party))).join(', ');
}

function messageSummary(message: Fields): string {
  const template = message.template as Fields | undefined;
  const action = message.action ? ` (${text(message.action)})` : '';
  const about = template ? ` [${text(template.name)}]` : '';
  return `${text(message.kind)}${action} ${text(message.id)}${about} to ${recipients(message)}`;
}

function declarationSummary(declaration: Fields): string {
  return `${text(declaration.kind)} ${text(declaration.id)} “${text(declaration.title)}”`;
}

const RECEIPT_VERBS: Record<string, string> = {
  delivered: 'received',
  read: 'read',
  acknowledged: 'acknowledged',
  'passed-on': 'passed on',
};

/** What the entry records, after its author. */
export function entrySentence(entry: Entry): string {
  const c = entry.command as Fields;
  switch (entry.kind) {
    case 'hub.genesis':
      return `founded the hub with administrator ${text((c.administrator as Fields).id)}`;
    case 'party.create':
      return `admitted party ${text((c.party as Fields).id)} with administrator ${text((c.administrator as Fields).id)} and its key`;
    case 'operator.add':
      return `added operator ${text((c.operator as Fields).id)} as ${text(c.role)}, with its key`;
    case 'key.rotate':
      return `gave ${text(c.operator)} a new key, ending its previous one`;
    case 'key.revoke':
      return `revoked key ${text(c.key)} of ${text(c.operator)}`;
    case 'declaration.submit':
      return `declared ${declarationSummary(c.declaration as Fields)}, version 1`;
    case 'declaration.amend':
      return `amended ${declarationSummary(c.declaration as Fields)} to version ${Number(c.replaces_version) + 1}`;
    case 'declaration.withdraw':
      return `withdrew ${text(c.declaration)} version ${text(c.version)}`;
    case 'declaration.expire':
      return `recorded that ${text(c.declaration)} expired`;
    case 'conflicts.found': {
      const found = c.found as Fields;
      const against = (Array.isArray(c.conflicts) ? (c.conflicts as Fields[]) : []).map((conflict) => {
        const side = conflict.against as Fields;
        return `${text(side.id)} version ${text(side.version)} (${text(side.party)})`;
      });
      return `recorded conflicts of ${text(found.id)} version ${text(found.version)} (${text(found.party)}) with ${against.join(', ')}`;
    }
    case 'conflicts.disclosed':
      return 'recorded the conflicts it disclosed to a submitter';
    case 'message.send':
      return `sent ${messageSummary(c.message as Fields)}`;
    case 'message.notice':
      return `sent notice ${messageSummary(c.message as Fields)}`;
    case 'message.withdraw':
      return `withdrew message ${text(c.message)}`;
    case 'delivery.step': {
      const step = c.step as Fields;
      const whom = step.kind === 'party' ? 'the whole party' : text(step.operator);
      const how = c.reason === 'sent' ? 'routed' : `escalated (${text(c.reason)})`;
      return `${how} ${text(c.message)} for ${text(c.recipient)} to ${whom}, deadline ${text(c.deadline)}`;
    }
    case 'delivery.receipt':
      return `${RECEIPT_VERBS[text(c.state)] ?? text(c.state)} ${text(c.message)} for ${text(c.recipient)}${c.note ? ` (“${text(c.note)}”)` : ''}`;
    case 'delivery.expire':
      return `recorded that ${text(c.message)} expired for ${text(c.recipient)}, unacknowledged`;
    case 'delivery.grouped':
      return `grouped ${text(c.message)} for ${text(c.recipient)} with ${text(c.with)}, which it repeats`;
    case 'incident.report': {
      const incident = c.incident as Fields;
      return `reported incident ${text(incident.id)} “${text(incident.title)}”, ${text(incident.from)} to ${text(incident.until)}: ${text(incident.what)}`;
    }
    case 'incident.linked':
      return `linked ${Array.isArray(c.links) ? c.links.length : 0} entries to incident ${text(c.incident)} for ${text(c.party)}${c.complete === false ? ' (the first of more)' : ''}`;
    case 'incident.answer':
      return `answered incident ${text(c.incident)}: “${text(c.text)}”`;
    case 'incident.dispute':
      return `disputed incident ${text(c.incident)}: “${text(c.text)}”`;
    case 'incident.close':
      return `closed incident ${text(c.incident)}: “${text(c.text)}”`;
    case 'tracks.archived':
      return 'committed a batch of kept track positions';
    default:
      return `recorded ${entry.kind}`;
  }
}

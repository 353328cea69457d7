// Repeats: a message from one party that says again what an earlier one to the same recipient says
// (same kind, action, template and fields, words, references) while that earlier one still waits for
// acknowledgment. For the recipient it is the same request: it is grouped with the first — shown
// there with how many, the first and the last — instead of ringing and escalating through the
// roster once more. Acknowledging the first acknowledges its repeats; a repeat sent after the first
// was acknowledged is news again and rings as usual.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../record/index.js';
import type { MessageBody } from './message-schema.js';

/** What a message says, whoever it is sent to: equal for repeats. */
export function subjectOf(body: MessageBody): string {
  const { id: _id, recipients: _recipients, ...said } = body;
  return createHash('sha256').update(canonicalJson(said)).digest('base64url');
}

export interface Repeat {
  message: string;
  time: string;
  entry: number;
}

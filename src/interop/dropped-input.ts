// A message a feed sent that the hub could not use. It is dropped, never fatal to the feed, and
// the reason is kept so that the feed's owner can see what is wrong with their system.

export interface DroppedInput {
  /** Why, as a fixed phrase, so that drops can be counted by reason. */
  reason: string;
  /** The particulars (a parser's message, the offending value), when there are any. */
  detail: string | null;
  /** The start of what was received, enough to find it in the sender's logs. */
  excerpt: string;
}

const EXCERPT_LENGTH = 120;

export function dropped(reason: string, input: string, detail: string | null = null): DroppedInput {
  const trimmed = input.trim();
  return {
    reason,
    detail,
    excerpt: trimmed.length > EXCERPT_LENGTH ? `${trimmed.slice(0, EXCERPT_LENGTH)}…` : trimmed,
  };
}

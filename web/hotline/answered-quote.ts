// The message a reply answers, quoted above the reply: its title (or the start of its words), who
// sent it and when, so that "agreed" or "done" is never read without what it says yes to.
import type { MessageView } from '../hub/views.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';

const QUOTED_TEXT_CHARACTERS = 120;

function titleOf(message: MessageView): string {
  const text = message.message.text;
  if (message.rendered) return message.rendered.title;
  if (!text) return t(`message.${message.kind}`);
  return text.length > QUOTED_TEXT_CHARACTERS ? `${text.slice(0, QUOTED_TEXT_CHARACTERS)}…` : text;
}

/** `answered` is the message if this party may read it; else only its id is known. */
export function answeredQuote(
  answered: MessageView | undefined,
  id: string,
  partyName: (party: string) => string,
): HTMLElement {
  const sender = answered
    ? `${partyName(answered.from)}${answered.operator ? ` (${answered.operator})` : ''}`
    : '';
  return html(
    'blockquote',
    { class: 'answers', 'data-test': 'answers', 'data-message': id },
    html('span', { class: 'label' }, t('inReplyTo')),
    html('bdi', { class: 'title' }, answered ? titleOf(answered) : id),
    answered ? html('span', { class: 'sender' }, `${t('from')} `, html('bdi', {}, sender)) : null,
    answered ? html('time', {}, formatTime(answered.time)) : null,
  );
}

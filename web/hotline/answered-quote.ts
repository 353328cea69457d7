// The message a reply answers, quoted above the reply: its title (or the start of its words), who
// sent it and when, so that "agreed" or "done" is never read without what it says yes to.
import type { MessageView } from '../hub/views.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import { type OperatorName, operatorNamed } from './operator-named.js';

const QUOTED_TEXT_CHARACTERS = 120;

function titleOf(message: MessageView): string {
  const text = message.message.text;
  if (message.rendered) return message.rendered.title;
  if (!text) return t(`message.${message.kind}`);
  return text.length > QUOTED_TEXT_CHARACTERS ? `${text.slice(0, QUOTED_TEXT_CHARACTERS)}…` : text;
}

interface Names {
  partyName(id: string): string;
  operatorName: OperatorName;
}

/** `answered` is the message if this party may read it; else only its id is known. */
export function answeredQuote(answered: MessageView | undefined, id: string, names: Names): HTMLElement {
  return html(
    'blockquote',
    { class: 'answers', 'data-test': 'answers', 'data-message': id },
    html('span', { class: 'label' }, t('inReplyTo')),
    html('bdi', { class: 'title' }, answered ? titleOf(answered) : id),
    answered
      ? html(
          'span',
          { class: 'sender' },
          `${t('from')} `,
          html('bdi', {}, names.partyName(answered.from)),
          // Set apart, not in brackets: the operator's name already has its id in brackets.
          ...(answered.operator ? [' · ', operatorNamed(answered.operator, names.operatorName)] : []),
        )
      : null,
    answered ? html('time', {}, formatTime(answered.time)) : null,
  );
}

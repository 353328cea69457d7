// Writing a hotline message: a new one to a party (or one of its rosters), or a reply to one received.
// What the officer wrote survives the panel being drawn again, and a message the hub did not answer
// is sent again as the same signed command, so that the recipient never gets it twice.
import type { HubApi, SignedSubmission } from '../hub/hub-api.js';
import type { MessageView, Party } from '../hub/views.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import { failureReason } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { selectField, textField } from '../ui/fields.js';

interface Compose {
  kind: 'notification' | 'coordination-request' | 'urgent-request' | 'reply';
  action: 'stop' | 'hold' | 'divert';
  answer: 'agreed' | 'agreed-with-changes' | 'refused';
  party: string;
  duty: string;
  text: string;
}

/** The officer's draft and the command last signed from it, kept by the panel until sent or cancelled. */
export interface KeptDraft {
  draft?: Compose;
  signed?: { content: string; submission: SignedSubmission };
}

export function composer(
  api: HubApi,
  parties: Party[],
  replyTo: MessageView | null,
  kept: KeptDraft,
  done: (sent: boolean, error?: string) => void,
): HTMLFormElement {
  const others = parties.filter((party) => party.id !== api.party);
  kept.draft ??= {
    kind: replyTo ? 'reply' : 'urgent-request',
    action: 'stop',
    answer: 'agreed',
    party: replyTo?.from ?? others[0]?.id ?? '',
    duty: '',
    text: '',
  };
  const draft = kept.draft;
  const answering = replyTo?.kind === 'coordination-request';
  const form = html(
    'form',
    { class: 'composer' },
    html(
      'h3',
      {},
      replyTo ? t('replyTo', { title: replyTo.rendered?.title ?? replyTo.id }) : t('newMessage'),
    ),
    replyTo
      ? null
      : selectField(t('messageKind'), draft, 'kind', [
          ['urgent-request', t('message.urgent-request')],
          ['coordination-request', t('message.coordination-request')],
          ['notification', t('message.notification')],
        ]),
    replyTo
      ? null
      : selectField(t('urgentAction'), draft, 'action', [
          ['stop', t('action.stop')],
          ['hold', t('action.hold')],
          ['divert', t('action.divert')],
        ]),
    answering
      ? selectField(t('answer'), draft, 'answer', [
          ['agreed', t('answer.agreed')],
          ['agreed-with-changes', t('answer.agreed-with-changes')],
          ['refused', t('answer.refused')],
        ])
      : null,
    replyTo
      ? null
      : selectField(
          t('recipient'),
          draft,
          'party',
          others.map((p) => [p.id, p.name]),
        ),
    replyTo ? null : textField(t('duty'), draft, 'duty'),
    textField(t('messageText'), draft, 'text'),
    html(
      'div',
      { class: 'actions' },
      html('button', { type: 'submit', class: 'primary', 'data-test': 'send-message' }, t('send')),
    ),
  );
  const cancel = html('button', { type: 'button' }, t('cancel'));
  cancel.addEventListener('click', () => done(false));
  form.querySelector('.actions')?.append(cancel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const content = {
      kind: draft.kind,
      recipients: [{ party: draft.party, ...(draft.duty ? { duty: draft.duty } : {}) }],
      ...(draft.text ? { text: draft.text, language: language() } : {}),
      ...(draft.kind === 'urgent-request' ? { action: draft.action } : {}),
      ...(replyTo ? { reply_to: replyTo.id } : {}),
      ...(answering
        ? { answer: draft.answer, ...(draft.answer !== 'agreed' ? { reasons: draft.text } : {}) }
        : {}),
    };
    const same = JSON.stringify(content);
    if (kept.signed?.content !== same) {
      const message = { id: `${api.party}/${crypto.randomUUID()}`, ...content };
      kept.signed = { content: same, submission: await api.sign('message.send', { message }) };
    }
    try {
      await kept.signed.submission.send();
      done(true);
    } catch (error) {
      done(false, failureReason(error));
    }
  });
  return form;
}

// Writing a hotline message: a new one to a party (or one of its rosters), or a reply to one received.
// A new message opens on nothing that could do harm if sent by mistake: an ordinary notification,
// addressed to nobody until the officer chooses a party; an urgent request asks which action.
// The form offers the rosters each party has, and the templates for the kind of message with their
// fields (a position typed or picked on the map). What the officer wrote survives the panel being
// drawn again, and a message the hub did not answer is sent again as the same signed command, so
// that the recipient never gets it twice. A message the picture wrote (a movement's notification, a
// request about a conflict) opens filled in, for the officer to check: possibly to several parties.
import type { HubApi, SignedSubmission } from '../hub/hub-api.js';
import type { MessageView, Party } from '../hub/views.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import type { PositionPick } from '../map/position-pick.js';
import { failureReason } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { selectField, textField } from '../ui/fields.js';
import { isolatedWords } from '../ui/isolated-words.js';
import { type Typed, templateData, templateInputs } from './template-fields.js';
import type { TemplateList } from './template-list.js';

export interface Compose {
  kind: MessageView['kind'];
  /** '' until the officer says which: an urgent request is never stop by default. */
  action: '' | 'stop' | 'hold' | 'divert';
  answer: 'agreed' | 'agreed-with-changes' | 'refused';
  /** '' until the officer chooses whom to write to. */
  party: string;
  /** One of the party's rosters, or '' for the whole party. */
  duty: string;
  /**
   * Several parties at once, each to one of its rosters (or '' for the whole party), when the form
   * is opened addressed to them: the officer may leave any out. Empty, `party` and `duty` address it.
   */
  addressed: { party: string; duty: string; included: boolean }[];
  /** A template's name, or '' for text alone. */
  template: string;
  typed: Typed;
  text: string;
  /** The declarations the message is about, when it was written from one. */
  references: { type: 'declaration'; id: string; version: number }[];
}

/** The officer's draft and the command last signed from it, kept by the panel until sent or cancelled. */
export interface KeptDraft {
  draft?: Compose;
  signed?: { content: string; submission: SignedSubmission };
}

/** What the form needs besides the draft: the hub, the parties, the templates and the map. */
export interface ComposerContext {
  api: HubApi;
  parties: Party[];
  templates: TemplateList;
  picker: PositionPick;
  /** The message a reply answers, shown above the form. */
  quote(message: MessageView): HTMLElement;
}

/** The form, and how to draw it again (in another language, with a picked position). */
export interface Composer {
  element: HTMLFormElement;
  redraw(): void;
}

export function composer(
  context: ComposerContext,
  replyTo: MessageView | null,
  kept: KeptDraft,
  done: (sent: boolean, error?: string) => void,
): Composer {
  const { api, parties, templates, picker } = context;
  const others = parties.filter((party) => party.id !== api.party);
  kept.draft ??= {
    kind: replyTo ? 'reply' : 'notification',
    action: '',
    answer: 'agreed',
    party: replyTo?.from ?? '',
    duty: '',
    template: '',
    typed: {},
    text: '',
    addressed: [],
    references: [],
  };
  const draft = kept.draft;
  const answering = replyTo?.kind === 'coordination-request';
  const form = html('form', { class: 'composer', 'aria-labelledby': 'composer-title' });
  const close = () => {
    picker.stop();
    done(false);
  };
  // Escape leaves the form as Cancel does, from whichever field the officer is in.
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  });

  const draw = () => {
    const template = templates.forKind(draft.kind).find((offered) => offered.name === draft.template);
    // A reply's template names the message it answers: filled in, as the officer would.
    if (replyTo && template?.fields.some((field) => field.name === 'message'))
      draft.typed.message ??= replyTo.id;
    const rosters = others.find((party) => party.id === draft.party)?.rosters ?? [];
    const cancel = html('button', { type: 'button' }, t('cancel'));
    cancel.addEventListener('click', close);
    const parts: (HTMLElement | null)[] = [
      html(
        'h3',
        { id: 'composer-title' },
        ...(replyTo
          ? isolatedWords('replyTo', {}, { title: replyTo.rendered?.title ?? replyTo.id })
          : [t('newMessage')]),
      ),
      replyTo ? context.quote(replyTo) : null,
      replyTo
        ? null
        : selectField(
            t('messageKind'),
            draft,
            'kind',
            [
              ['notification', t('message.notification')],
              ['coordination-request', t('message.coordination-request')],
              ['urgent-request', t('message.urgent-request')],
            ],
            () => {
              draft.template = '';
              draw();
            },
          ),
      draft.kind === 'urgent-request'
        ? required(
            selectField(t('urgentAction'), draft, 'action', [
              ['', t('chooseAction')],
              ['stop', t('action.stop')],
              ['hold', t('action.hold')],
              ['divert', t('action.divert')],
            ]),
          )
        : null,
      answering
        ? selectField(t('answer'), draft, 'answer', [
            ['agreed', t('answer.agreed')],
            ['agreed-with-changes', t('answer.agreed-with-changes')],
            ['refused', t('answer.refused')],
          ])
        : null,
      draft.addressed.length > 0 ? addressedFieldset(draft, others) : null,
      replyTo || draft.addressed.length > 0
        ? null
        : required(
            selectField(
              t('recipient'),
              draft,
              'party',
              [['', t('chooseParty')], ...others.map((party): [string, string] => [party.id, party.name])],
              () => {
                // The party's first roster, where it has one: a message to the whole party rings everyone.
                draft.duty = others.find((party) => party.id === draft.party)?.rosters[0] ?? '';
                draw();
              },
            ),
          ),
      replyTo || !draft.party || draft.addressed.length > 0
        ? null
        : selectField(t('roster'), draft, 'duty', [
            ...rosters.map((duty): [string, string] => [duty, duty]),
            ['', t('wholeParty')],
          ]),
      selectField(
        t('template'),
        draft,
        'template',
        [
          ['', t('noTemplate')],
          ...templates.forKind(draft.kind).map((offered): [string, string] => [offered.name, offered.title]),
        ],
        draw,
      ),
      ...(template ? templateInputs(template, draft.typed, picker, draw) : []),
      textField(t('messageText'), draft, 'text'),
      html(
        'div',
        { class: 'actions' },
        html('button', { type: 'submit', class: 'primary', 'data-test': 'send-message' }, t('send')),
        cancel,
      ),
    ];
    form.replaceChildren(...parts.filter((part) => part !== null));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    picker.stop();
    const template = templates.forKind(draft.kind).find((offered) => offered.name === draft.template);
    const content = {
      kind: draft.kind,
      recipients: recipientsOf(draft),
      ...(template ? { template: { name: template.name, fields: templateData(template, draft.typed) } } : {}),
      ...(draft.text ? { text: draft.text, language: language() } : {}),
      ...(draft.kind === 'urgent-request' ? { action: draft.action } : {}),
      ...(replyTo ? { reply_to: replyTo.id } : {}),
      ...(draft.references.length > 0 ? { references: draft.references } : {}),
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
  draw();
  return { element: form, redraw: draw };
}

/** A select the form is not sent without: its empty first choice is not an answer. */
function required(label: HTMLLabelElement): HTMLLabelElement {
  label.querySelector('select')?.setAttribute('required', '');
  return label;
}

/** Whom the message goes to: the parties it was addressed to and kept, or the one party chosen. */
function recipientsOf(draft: Compose): { party: string; duty?: string }[] {
  const chosen = draft.addressed.length > 0 ? draft.addressed.filter((a) => a.included) : [draft];
  return chosen.map(({ party, duty }) => ({ party, ...(duty ? { duty } : {}) }));
}

/** Each party the form was opened addressed to: kept or left out, and the roster it goes to. */
function addressedFieldset(draft: Compose, others: Party[]): HTMLFieldSetElement {
  return html(
    'fieldset',
    { class: 'addressed', 'data-test': 'addressed' },
    html('legend', {}, t('recipients')),
    ...draft.addressed.map((addressee) => {
      const party = others.find((other) => other.id === addressee.party);
      const box = html('input', {
        type: 'checkbox',
        checked: addressee.included,
        'data-recipient': addressee.party,
      });
      box.addEventListener('change', () => {
        addressee.included = box.checked;
      });
      const roster = selectField(t('roster'), addressee, 'duty', [
        ...(party?.rosters ?? []).map((duty): [string, string] => [duty, duty]),
        ['', t('wholeParty')],
      ]);
      roster.querySelector('select')?.setAttribute('data-recipient-roster', addressee.party);
      return html(
        'div',
        { class: 'row addressee' },
        html('label', { class: 'check' }, box, html('span', {}, party?.name ?? addressee.party)),
        roster,
      );
    }),
  );
}

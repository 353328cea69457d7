// What became of the declare form's last action, shown below it: being sent, not sent (with Retry),
// refused field by field, declared (the movement's details read back, with the notification a click
// away), withdrawn, or held back by conflicts that the officer must read, and tick as read, before
// it is sent again naming each.
import type { HubProblem } from '../hub/hub-api.js';
import type { ConflictView, DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { attemptFeedback } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { isolatedWords } from '../ui/isolated-words.js';
import { conflictAnswer } from './conflict-answer.js';
import { declaredDetails } from './declared-details.js';

export type Outcome =
  | { kind: 'none' }
  | { kind: 'conflicts'; conflicts: ConflictView[]; declaration: Record<string, unknown> }
  | { kind: 'refused'; problem: HubProblem }
  | { kind: 'unsent'; reason: string; retry: () => void }
  | { kind: 'sending' }
  | { kind: 'declared'; id: string; version: number; index: number | null; amended: boolean }
  | { kind: 'withdrawn'; id: string };

/** What the outcome's view may do and needs to know. */
export interface OutcomeActions {
  own: string;
  partyName(id: string): string;
  /** The hub's listing of a declaration, once read back. */
  listing(id: string): DeclarationListing | undefined;
  /** Sends the declaration again, its key naming the conflicts. */
  sendKnowing(declaration: Record<string, unknown>, conflicts: ConflictView[]): void;
  cancelButton(): HTMLButtonElement;
  notify(listing: DeclarationListing): void;
  message(conflict: ConflictView): void;
}

/** Where the panel puts the focus once the hub has answered: read first, then Tab on from it. */
const ANSWER = { tabindex: '-1', 'data-test': 'outcome' };

export function outcomeView(outcome: Outcome, actions: OutcomeActions): HTMLElement | null {
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'sending':
      return attemptFeedback({ kind: 'sending' });
    case 'declared': {
      // Only the version declared: until the hub's listing shows it, the one it replaced is not shown as it.
      const listing = actions.listing(outcome.id);
      const declared = listing?.version === outcome.version ? listing : undefined;
      return html(
        'div',
        {},
        html(
          'p',
          { class: 'declared', role: 'status', ...ANSWER },
          ...(outcome.index === null
            ? isolatedWords('declaredEarlier', {}, { id: outcome.id })
            : isolatedWords(
                outcome.amended ? 'amended' : 'declared',
                { index: outcome.index },
                { id: outcome.id },
              )),
        ),
        declared?.kind === 'movement' ? declaredDetails(declared, actions, actions.notify) : null,
      );
    }
    case 'withdrawn':
      return html(
        'p',
        { class: 'declared', role: 'status', ...ANSWER },
        ...isolatedWords('withdrawnDeclaration', {}, { id: outcome.id }),
      );
    case 'unsent':
      return attemptFeedback({ kind: 'failed', reason: outcome.reason, retry: outcome.retry });
    case 'refused':
      return html(
        'div',
        { class: 'refused', role: 'alert', ...ANSWER },
        html('p', {}, outcome.problem.message),
        html(
          'ul',
          {},
          ...(outcome.problem.problem.errors ?? []).map((e) => html('li', {}, `${e.field}: ${e.reason}`)),
        ),
      );
    case 'conflicts':
      return conflictsFound(outcome, actions);
  }
}

function conflictsFound(
  outcome: Extract<Outcome, { kind: 'conflicts' }>,
  actions: OutcomeActions,
): HTMLElement {
  const confirm = html('input', { type: 'checkbox', 'data-test': 'confirm-conflicts' });
  const send = html(
    'button',
    { type: 'button', class: 'danger', disabled: true, 'data-test': 'send-knowing' },
    t('sendKnowing'),
  );
  confirm.addEventListener('change', () => {
    send.disabled = !confirm.checked;
  });
  send.addEventListener('click', () => actions.sendKnowing(outcome.declaration, outcome.conflicts));
  return html(
    'div',
    { class: 'conflicts-found', role: 'alert' },
    html('h3', ANSWER, t('conflictsFound', { count: outcome.conflicts.length })),
    html('ul', {}, ...outcome.conflicts.map((c) => conflictAnswer(c, actions.own, actions, actions.message))),
    html('label', { class: 'check' }, confirm, html('span', {}, t('confirmConflicts'))),
    html('div', { class: 'actions' }, send, actions.cancelButton()),
  );
}

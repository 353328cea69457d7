// Withdrawing one of the party's declarations is asked twice: the Withdraw button, then the question
// naming what would be withdrawn, with Confirm and Keep; the focus moves to Confirm once asked.
// Escape keeps it, as Keep does, and the panel puts the focus back on Withdraw.
import type { DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import { isolatedWords } from '../ui/isolated-words.js';

export interface WithdrawalSteps {
  /** Withdraw was pressed: ask. */
  ask(): void;
  /** Confirmed: sign and send the withdrawal. */
  confirm(): void;
  /** Kept after all. */
  keep(): void;
}

export function withdrawalControls(
  listing: DeclarationListing,
  asking: boolean,
  steps: WithdrawalSteps,
): HTMLElement {
  if (!asking) {
    const ask = html('button', { type: 'button', class: 'danger', 'data-test': 'withdraw' }, t('withdraw'));
    ask.addEventListener('click', () => steps.ask());
    return ask;
  }
  const confirm = html(
    'button',
    { type: 'button', class: 'danger', 'data-test': 'confirm-withdraw' },
    t('confirmWithdraw'),
  );
  confirm.addEventListener('click', () => steps.confirm());
  const keep = html('button', { type: 'button', 'data-test': 'keep' }, t('keepIt'));
  keep.addEventListener('click', () => steps.keep());
  const dialog = html(
    'div',
    { class: 'withdraw-confirmation', role: 'alertdialog', 'aria-label': t('withdraw') },
    html(
      'p',
      {},
      ...isolatedWords('withdrawQuestion', {}, { title: listing.declaration.title, id: listing.id }),
    ),
    html('div', { class: 'actions' }, confirm, keep),
  );
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    steps.keep();
  });
  return dialog;
}

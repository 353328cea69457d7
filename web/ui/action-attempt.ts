// An action sent to the hub from a button (acknowledge, pass on) is shown where it was clicked: as
// sending while on its way, as recorded once the hub said so, and as not sent, with why and a Retry,
// when the hub refused it or did not answer. Nothing looks done before the hub says it is.
import { HubUnreachable } from '../hub/hub-api.js';
import { t } from '../i18n/strings.js';
import { html } from './dom.js';

export type AttemptState =
  | { kind: 'sending' }
  | { kind: 'recorded' }
  | { kind: 'failed'; reason: string; retry: () => void };

export function failureReason(error: unknown): string {
  return error instanceof HubUnreachable ? t('hubDidNotAnswer') : (error as Error).message;
}

export function attemptFeedback(state: AttemptState | undefined): HTMLElement | null {
  switch (state?.kind) {
    case undefined:
      return null;
    case 'sending':
      return html('p', { class: 'attempt sending', role: 'status' }, t('sending'));
    case 'recorded':
      return html('p', { class: 'attempt recorded', role: 'status' }, `✔ ${t('recordedByHub')}`);
    case 'failed': {
      const retry = html('button', { type: 'button', 'data-test': 'retry' }, t('retry'));
      retry.addEventListener('click', (event) => {
        event.stopPropagation();
        state.retry();
      });
      return html(
        'p',
        { class: 'attempt failed', role: 'alert', 'data-test': 'not-sent' },
        `✖ ${t('notSent', { reason: state.reason })} `,
        retry,
      );
    }
  }
}

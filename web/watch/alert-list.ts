// The open alerts in the side panel: what each is, whose tracks, how close, why, and a button that
// centres the map on it.
import type { AlertView, DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { describeAlert } from '../ui/describe.js';
import { html } from '../ui/dom.js';

interface Names {
  partyName(id: string): string;
  declarations: DeclarationListing[];
}

export function alertList(
  alerts: AlertView[],
  names: Names,
  show: (alert: AlertView) => void,
): HTMLElement[] {
  const items = alerts.map((alert) => {
    const [kind, ...details] = describeAlert(alert, names);
    const button = html('button', { type: 'button', 'data-test': 'show-alert' }, t('showOnMap'));
    button.addEventListener('click', () => show(alert));
    return html(
      'li',
      { class: `alert-item kind-${alert.kind}`, 'data-alert': alert.id },
      html('strong', {}, kind),
      ...details.map((line) => html('div', {}, line)),
      button,
    );
  });
  return [
    html('h2', {}, `${t('alerts')} (${alerts.length})`),
    items.length > 0
      ? html('ul', { class: 'alert-list' }, ...items)
      : html('p', { class: 'hint' }, t('noAlerts')),
  ];
}

// The page's link to the hub, always on screen: quiet while connected, unmissable once lost, with the
// moment it was lost, since from then on what is shown may be out of date.
import type { HubLink } from '../hub/hub-link.js';
import { formatClock } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from './dom.js';

export class LinkIndicator {
  readonly element = html('div', { class: 'link-state', role: 'status', 'data-test': 'link-state' });

  constructor(private readonly link: HubLink) {
    link.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const state = this.link.current;
    this.element.className = `link-state ${state.kind}`;
    const text =
      state.kind === 'connected'
        ? `● ${t('linkConnected')}`
        : state.kind === 'connecting'
          ? t('linkConnecting')
          : `✖ ${t('linkLost', { time: formatClock(state.since) })}`;
    // A status set again to the same words is read out again by some screen readers.
    if (this.element.textContent !== text) this.element.textContent = text;
  }
}

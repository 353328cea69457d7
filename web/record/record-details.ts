// What the record badge checked, opened from the badge by click or keyboard: the hub's key and when
// this browser pinned it, the checkpoint the latest extends, what the witnesses vouch for, and the
// command that checks the same from any machine, trusting nothing this page says.
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import type { SeenCheckpoint } from './checkpoint-check.js';
import type { PinnedKey } from './pinned-key.js';
import type { Witnessing } from './witnessed-checkpoint.js';

export interface CheckedRecord {
  checkpoint: SeenCheckpoint;
  pin: PinnedKey;
  fingerprint: string;
  /** The checkpoint this browser had verified before, which the latest was proved to extend. */
  previous: { size: number; seenAt?: number } | null;
  witnessing: Witnessing;
}

function witnessingLine(witnessing: Witnessing): string {
  switch (witnessing.kind) {
    case 'no-policy':
      return t('checkedNoWitnesses');
    case 'cosigned':
      return t('checkedCosigned', {
        names: witnessing.cosigners.map((c) => c.name).join(', '),
        size: witnessing.size,
      });
    case 'lacking':
      return t('recordNotCosigned', { count: witnessing.cosigners.length, quorum: witnessing.quorum });
  }
}

export function recordDetails(
  checked: CheckedRecord | null,
  failure: string | null,
  verifierKey: string,
): HTMLElement[] {
  const lines = checked
    ? [
        t('checkedSignature', {
          size: checked.checkpoint.size,
          fingerprint: checked.fingerprint,
          time: formatTime(checked.pin.pinnedAt),
        }),
        checked.previous
          ? t('checkedConsistent', {
              size: checked.previous.size,
              time: checked.previous.seenAt ? formatTime(checked.previous.seenAt) : '—',
            })
          : t('checkedFirst'),
        witnessingLine(checked.witnessing),
      ]
    : [];
  return [
    html('h3', {}, t('recordChecks')),
    failure ? html('p', { class: 'failure', role: 'alert' }, `✖ ${failure}`) : null,
    html('ul', {}, ...lines.map((line) => html('li', {}, line))),
    html('h3', {}, t('verifyYourself')),
    html('p', {}, t('verifyYourselfHelp')),
    html(
      'code',
      // A command line reads left to right in every language.
      { 'data-test': 'verify-command', dir: 'ltr' },
      `deconflict verify ${location.origin} --hub-key '${verifierKey}'`,
    ),
  ].filter((element): element is HTMLElement => element !== null);
}

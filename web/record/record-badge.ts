// The record badge: green while the latest checkpoint verifies, extends the last one this browser
// saw (kept in IndexedDB, so a hub that forks or rewinds its record between visits is caught too) and
// extends the one the parties' witnesses cosigned; amber while the witnesses have not cosigned;
// red, and staying red, once any check fails. While the hub is out of reach it says when the record
// was last verified instead of looking current; a hub that does not answer is not a failed check.
// The hub's key is pinned the first time; the badge opens (click or keyboard) on what it checked.
import { type HubApi, HubProblem, HubUnreachable } from '../hub/hub-api.js';
import { formatClock } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { browserStore } from '../keys/browser-store.js';
import { html, replaceChildrenIfChanged } from '../ui/dom.js';
import {
  CheckpointFailure,
  openSignedCheckpoint,
  provesConsistent,
  type SeenCheckpoint,
} from './checkpoint-check.js';
import { keyFingerprint, pinHubKey } from './pinned-key.js';
import { type CheckedRecord, recordDetails } from './record-details.js';
import { checkWitnessing, type Witnessing } from './witnessed-checkpoint.js';

/** A checkpoint as this browser keeps it: when it verified it too (absent in those kept before). */
type KeptCheckpoint = SeenCheckpoint & { seenAt?: number };

type Verdict =
  | { kind: 'checking' }
  | ({ kind: 'verified'; checkedAt: number } & CheckedRecord)
  | { kind: 'failed'; reason: string };

export class RecordBadge {
  private readonly badge = html('button', {
    type: 'button',
    class: 'record-badge checking',
    'aria-expanded': 'false',
    'aria-controls': 'record-details',
    'data-test': 'record-badge',
  });
  private readonly details = html('section', {
    id: 'record-details',
    class: 'record-details',
    hidden: true,
    'data-test': 'record-details',
  });
  /** The badge, and beneath it what it checked, opened by the badge. */
  readonly element = html('div', { class: 'record-badge-holder', role: 'status' }, this.badge, this.details);
  private verdict: Verdict = { kind: 'checking' };
  /** The latest check did not complete (the hub did not answer it): the verdict is of an earlier one. */
  private unchecked = false;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly api: HubApi) {
    // Only drawn again: a check on every change would make one more change, and a hub answering some
    // requests and not others would then be asked without end.
    api.link.onChange(() => this.render());
    this.badge.addEventListener('click', () => this.toggle());
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || this.details.hidden) return;
      this.toggle();
      this.badge.focus();
    });
    this.render();
  }

  /** Checks the latest checkpoint; calls made while one runs fold into one more check after it. */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.check();
      }
    });
    return this.running;
  }

  private async run(): Promise<void> {
    if (this.verdict.kind === 'failed') return;
    const storeName = `checkpoint:${this.api.origin}`;
    try {
      const pin = await pinHubKey(this.api.origin, this.api.verifierKey);
      const next = await openSignedCheckpoint(
        await this.api.get<string>('/v1/record/checkpoint'),
        this.api.verifierKey,
      );
      const seen = await browserStore.get<KeptCheckpoint>(storeName);
      if (seen) {
        if (next.size < seen.size)
          throw new CheckpointFailure(t('recordShrank', { from: seen.size, to: next.size }));
        const { proof } = await this.api.get<{ proof: string[] }>(
          `/v1/record/proof/consistency?from=${seen.size}&to=${next.size}`,
        );
        if (!provesConsistent(seen, next, proof))
          throw new CheckpointFailure(t('recordForked', { size: seen.size }));
      }
      const witnessedName = `witnessed:${this.api.origin}`;
      const witnessedBefore = (await browserStore.get<boolean>(witnessedName)) === true;
      const witnessing = await checkWitnessing(this.api, next, witnessedBefore);
      if (witnessing.kind !== 'no-policy' && !witnessedBefore) await browserStore.put(witnessedName, true);
      const checkedAt = Date.now();
      await browserStore.put(storeName, { ...next, seenAt: checkedAt });
      // Checked against itself, the same checkpoint says nothing new: keep what the last growth proved.
      const previous =
        seen && seen.size < next.size
          ? { size: seen.size, seenAt: seen.seenAt }
          : this.verdict.kind === 'verified'
            ? this.verdict.previous
            : null;
      const fingerprint = await keyFingerprint(pin.verifierKey);
      this.unchecked = false;
      this.verdict = {
        kind: 'verified',
        checkpoint: next,
        witnessing,
        checkedAt,
        pin,
        fingerprint,
        previous,
      };
    } catch (error) {
      // Only a failed check, or an answer the hub meant, proves something wrong with the record. A
      // hub out of reach, unavailable (5xx) or cutting an answer off as it stops proves nothing: the
      // last verdict stands, dated by the link, and the next check tries again.
      const meant = error instanceof CheckpointFailure || (error instanceof HubProblem && error.status < 500);
      if (!meant && (error instanceof HubUnreachable || this.verdict.kind === 'verified')) {
        this.unchecked = true;
        return this.render();
      }
      const reason = error instanceof CheckpointFailure ? error.message : (error as Error).message;
      this.verdict = { kind: 'failed', reason };
    }
    this.render();
  }

  render(): void {
    const v = this.verdict;
    const uncosigned = v.kind === 'verified' && v.witnessing.kind === 'lacking';
    const lost = this.api.link.current.kind === 'lost';
    const stale = v.kind === 'verified' && (lost || this.unchecked);
    this.badge.className = `record-badge ${stale ? 'stale' : uncosigned ? 'uncosigned' : v.kind}`;
    // A status drawn again unchanged (every check, every change of the link) is not read out again.
    replaceChildrenIfChanged(this.badge, [
      stale
        ? html(
            'span',
            {},
            `⚠ ${t(lost ? 'recordAsOf' : 'recordUnchecked', { time: formatClock(v.checkedAt), size: v.checkpoint.size })}`,
          )
        : v.kind === 'verified'
          ? html(
              'span',
              { title: `${v.checkpoint.origin}\n${v.checkpoint.size}\n${v.checkpoint.root}` },
              `${uncosigned ? '⚠' : '✔'} ${t('recordVerified', { size: v.checkpoint.size })}`,
              ...witnessingLine(v.witnessing),
            )
          : v.kind === 'failed'
            ? html('span', {}, `✖ ${t('recordFailed')}: ${v.reason}`)
            : html('span', {}, t('recordChecking')),
    ]);
    replaceChildrenIfChanged(
      this.details,
      recordDetails(
        v.kind === 'verified' ? v : null,
        v.kind === 'failed' ? v.reason : null,
        this.api.verifierKey,
      ),
    );
  }

  private toggle(): void {
    this.details.hidden = !this.details.hidden;
    this.badge.setAttribute('aria-expanded', String(!this.details.hidden));
  }
}

function witnessingLine(witnessing: Witnessing): string[] {
  switch (witnessing.kind) {
    case 'no-policy':
      return [];
    case 'cosigned':
      return [
        ` · ${t('recordCosigned', { count: witnessing.cosigners.length, of: witnessing.of, size: witnessing.size })}`,
      ];
    case 'lacking':
      return [
        ` · ${t('recordNotCosigned', { count: witnessing.cosigners.length, quorum: witnessing.quorum })}`,
      ];
  }
}

// The record badge: green while the latest checkpoint verifies, extends the last one this browser
// saw (kept in IndexedDB, so a hub that forks or rewinds its record between visits is caught too) and
// extends the one the parties' witnesses cosigned; amber while the witnesses have not cosigned;
// red, and staying red, once any check fails. While the hub is out of reach it says when the record
// was last verified instead of looking current; a hub that does not answer is not a failed check.
import { type HubApi, HubUnreachable } from '../hub/hub-api.js';
import { formatClock } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { browserStore } from '../keys/browser-store.js';
import { html } from '../ui/dom.js';
import {
  CheckpointFailure,
  openSignedCheckpoint,
  provesConsistent,
  type SeenCheckpoint,
} from './checkpoint-check.js';
import { checkWitnessing, type Witnessing } from './witnessed-checkpoint.js';

type Verdict =
  | { kind: 'checking' }
  | { kind: 'verified'; checkpoint: SeenCheckpoint; witnessing: Witnessing; checkedAt: number }
  | { kind: 'failed'; reason: string; seen?: SeenCheckpoint };

export class RecordBadge {
  readonly element = html('div', {
    class: 'record-badge checking',
    role: 'status',
    'data-test': 'record-badge',
  });
  private verdict: Verdict = { kind: 'checking' };
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly api: HubApi) {
    // Only drawn again: a check on every change would make one more change, and a hub answering some
    // requests and not others would then be asked without end.
    api.link.onChange(() => this.render());
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
      const next = await openSignedCheckpoint(
        await this.api.get<string>('/v1/record/checkpoint'),
        this.api.verifierKey,
      );
      const seen = await browserStore.get<SeenCheckpoint>(storeName);
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
      await browserStore.put(storeName, next);
      this.verdict = { kind: 'verified', checkpoint: next, witnessing, checkedAt: Date.now() };
    } catch (error) {
      // The link shows the hub out of reach; the last verdict stands, dated.
      if (error instanceof HubUnreachable) return this.render();
      const reason = error instanceof CheckpointFailure ? error.message : (error as Error).message;
      this.verdict = { kind: 'failed', reason };
    }
    this.render();
  }

  render(): void {
    const v = this.verdict;
    const uncosigned = v.kind === 'verified' && v.witnessing.kind === 'lacking';
    const stale = v.kind === 'verified' && this.api.link.current.kind === 'lost';
    this.element.className = `record-badge ${stale ? 'stale' : uncosigned ? 'uncosigned' : v.kind}`;
    this.element.replaceChildren(
      stale
        ? html(
            'span',
            {},
            `⚠ ${t('recordAsOf', { time: formatClock(v.checkedAt), size: v.checkpoint.size })}`,
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
    );
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

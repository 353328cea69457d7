import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BatchReport } from '../hub/hub.js';

/** What the hub exports at /metrics, in the Prometheus text format. */
export class HubMetrics {
  readonly registry = new Registry();
  readonly requests = new Histogram({
    name: 'deconflict_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'deconflict_commands_total',
    help: 'Signed commands received, by type and outcome',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: 'deconflict_commit_batch_entries',
    help: 'Entries written per group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
    registers: [this.registry],
  });
  private readonly commitSeconds = new Histogram({
    name: 'deconflict_commit_duration_seconds',
    help: 'Time to decide, write, fsync and sign one group commit',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly recordSize = new Gauge({
    name: 'deconflict_record_entries',
    help: 'Entries in the signed record',
    registers: [this.registry],
  });

  private readonly acknowledgment = new Histogram({
    name: 'deconflict_hotline_acknowledgment_seconds',
    help: 'Time from sending a hotline message to its acknowledgment, by recipient party and roster',
    labelNames: ['party', 'roster', 'kind'],
    buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers: [this.registry],
  });

  private readonly containedFailures = new Counter({
    name: 'deconflict_contained_failures_total',
    help: 'Subscribers, sockets, gateways and watchers that failed and were cut off while the hub went on, by what failed',
    labelNames: ['component'],
    registers: [this.registry],
  });

  private readonly witnessingLag = new Gauge({
    name: 'deconflict_witnessing_lag_entries',
    help: 'Entries by which the latest checkpoint cosigned by a quorum of witnesses trails the newest',
    registers: [this.registry],
  });
  private readonly cosignedSize = new Gauge({
    name: 'deconflict_cosigned_checkpoint_entries',
    help: 'Size of the latest checkpoint cosigned by a quorum of the hub’s witnesses',
    registers: [this.registry],
  });
  private readonly witnessFailures = new Counter({
    name: 'deconflict_witness_failures_total',
    help: 'Checkpoints a witness did not cosign when asked (down, slow, refused), by witness',
    labelNames: ['witness'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeBatch(batch: BatchReport): void {
    this.batchSize.observe(batch.entries);
    this.commitSeconds.observe(batch.commitMs / 1000);
    this.recordSize.set(batch.size);
  }

  observeAcknowledgment(party: string, roster: string | null, kind: string, seconds: number): void {
    this.acknowledgment.observe({ party, roster: roster ?? '(whole party)', kind }, seconds);
  }

  countContainedFailure(component: string): void {
    this.containedFailures.inc({ component });
  }

  /** What the hub's witnessing reports, as witnessing events. */
  readonly witnessing = {
    cosigned: (size: number) => this.cosignedSize.set(size),
    lag: (entries: number) => this.witnessingLag.set(entries),
    failed: (witness: string) => this.witnessFailures.inc({ witness }),
  };

  setRecordSize(size: number): void {
    this.recordSize.set(size);
  }
}

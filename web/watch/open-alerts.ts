// The tactical watch's alerts that are not over, for the party involved: read once from /v1/alerts,
// then kept by the alert.begin and alert.end entries as the stream brings them, so that an alert is
// on the screen the moment the hub records it and gone the moment it records the end. The stream
// starts before the read; its entries are held until the read is in, then applied in order over it:
// a begin or an end the read already reflects changes nothing when applied again.
import type { StreamEntry } from '../hub/entry-stream.js';
import type { HubApi } from '../hub/hub-api.js';
import type { AlertView } from '../hub/views.js';

export class OpenAlerts {
  private readonly open = new Map<string, AlertView>();
  private readonly listeners: (() => void)[] = [];
  /** Entries that came before the first read; none once it is in. */
  private held: StreamEntry[] | null = [];

  constructor(private readonly api: HubApi) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Newest first, as the hub lists them. */
  all(): AlertView[] {
    return [...this.open.values()].sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  }

  async refresh(): Promise<void> {
    const alerts = await this.api.getAll<AlertView>('/v1/alerts?status=open&limit=1000', 'alerts');
    this.open.clear();
    for (const alert of alerts) this.open.set(alert.id, alert);
    const held = this.held ?? [];
    this.held = null;
    for (const entry of held) this.apply(entry);
    this.changed();
  }

  /** Takes an entry from the stream; any that is not an alert's is left alone. */
  take(entry: StreamEntry): void {
    if (!entry.kind.startsWith('alert.')) return;
    if (this.held) this.held.push(entry);
    else {
      this.apply(entry);
      this.changed();
    }
  }

  private apply(entry: StreamEntry): void {
    if (entry.kind === 'alert.begin') {
      const alert = entry.command.alert as AlertView;
      this.open.set(alert.id, alert);
    } else if (entry.kind === 'alert.end') this.open.delete(entry.command.alert as string);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

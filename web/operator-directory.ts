// The operators of every party by name, as the hub's public directory lists them: read once signed
// in, and again when an entry adds an operator or changes one, so that the hotline can name whoever
// is asked or answered by name as well as by id.
import type { HubApi } from './hub/hub-api.js';
import type { OperatorListing } from './hub/views.js';

export class OperatorDirectory {
  private names = new Map<string, string>();
  private readonly listeners: (() => void)[] = [];
  /** Reads begun, and the latest whose answer is held: a directory of many pages takes a while to read. */
  private begun = 0;
  private held = 0;

  constructor(private readonly api: HubApi) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async refresh(): Promise<void> {
    const read = ++this.begun;
    const operators = await this.api.getAll<OperatorListing>('/v1/operators', 'operators');
    // Operators added one after another start overlapping reads: one begun earlier, answered later,
    // would leave out who the later one found.
    if (read < this.held) return;
    this.held = read;
    this.names = new Map(operators.map((operator) => [operator.id, operator.name]));
    for (const listener of this.listeners) listener();
  }

  /** The operator's name; nothing for an id the directory does not hold (yet). */
  name(id: string): string | undefined {
    return this.names.get(id);
  }
}

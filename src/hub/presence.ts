// Which operators have a client connected now. Not part of the record: the hub records what it
// decides from it (whom a delivery goes to), not the presence itself.
export class Presence {
  private readonly connections = new Map<string, number>();

  /** Counts a connection; returns whether the operator just came on line. */
  connect(operator: string): boolean {
    const count = (this.connections.get(operator) ?? 0) + 1;
    this.connections.set(operator, count);
    return count === 1;
  }

  /** Counts a disconnection; returns whether the operator just went off line. */
  disconnect(operator: string): boolean {
    const count = (this.connections.get(operator) ?? 0) - 1;
    if (count > 0) {
      this.connections.set(operator, count);
      return false;
    }
    this.connections.delete(operator);
    return true;
  }

  online(operator: string): boolean {
    return this.connections.has(operator);
  }
}

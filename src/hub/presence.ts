// Which operators have a client connected now. Not part of the record: the hub records what it
// decides from it (whom a delivery goes to), not the presence itself.

/**
 * Who is on line, as the hub asks it: synchronously, while it decides whom a delivery goes to. Where
 * several hubs share a database an operator may be connected to any of them (SharedPresence).
 */
export interface OperatorPresence {
  /** Counts a connection to this hub. */
  connect(operator: string): void;
  /** Counts a disconnection from this hub; returns whether the operator is now off line everywhere. */
  disconnect(operator: string): boolean;
  online(operator: string): boolean;
  /** Has `gone` called for each operator seen to leave every hub other than by `disconnect` here. */
  watchGone?(gone: (operator: string) => Promise<void>): void;
  /** Stops looking, and tells the other hubs this one's operators are gone. */
  close?(): Promise<void>;
}

/** The connections to this hub alone: all there is where one hub has its database to itself. */
export class Presence implements OperatorPresence {
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

  /** Every operator with a client connected. */
  operators(): string[] {
    return [...this.connections.keys()];
  }
}

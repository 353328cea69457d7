import type { ConflictView } from './hub-views.js';

/** The hub's refusal of a request, with the problem (RFC 9457) it answered. */
export class HubRefusal extends Error {
  override name = 'HubRefusal';
  constructor(
    readonly status: number,
    readonly problem: {
      type?: string;
      title?: string;
      detail?: string;
      errors?: { field: string; reason: string }[];
      conflicts?: ConflictView[];
      /** With unacknowledged-conflicts: the entry recording what the submitter was told. */
      recorded_at?: number;
    },
  ) {
    super(
      `${status} ${problem.title ?? ''}: ${problem.detail ?? ''}${
        problem.errors?.length ? ` (${problem.errors.map((e) => `${e.field}: ${e.reason}`).join('; ')})` : ''
      }`,
    );
  }

  /** The conflicts a submit or amend did not name in its key, if that is why it was refused. */
  unacknowledgedConflicts(): ConflictView[] | null {
    return this.problem.type?.endsWith('/unacknowledged-conflicts') ? (this.problem.conflicts ?? []) : null;
  }
}

import type { HubConsequence } from './commands/handler.js';
import type { Problem } from './problem.js';

/**
 * A refusal the hub records all the same: the command writes nothing of its own, but the hub writes
 * its consequences (what the refused party was told) before answering with the problem.
 */
export class RecordedRefusal extends Error {
  override name = 'RecordedRefusal';
  constructor(
    readonly problem: Problem,
    readonly consequences: HubConsequence[],
  ) {
    super(problem.detail);
  }
}

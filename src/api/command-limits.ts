import type { CommandGate } from '../hub/hub.js';
import type { Operator } from '../hub/state.js';
import type { AccessLimits } from './access-limits.js';
import { retryLater } from './problem-response.js';
import { TokenBuckets } from './token-buckets.js';

const TITLE = 'Too many commands';

/**
 * How fast an operator, and all the operators of one party together, may send signed commands: a
 * party flooding the hub with commands (each refused one still costs a signature check and may be
 * recorded) is answered 429 with when to come back, in memory and unrecorded. A command is held
 * against its named author before its signature is checked, so an author out of room costs a map
 * look-up; it is charged only once its signature verifies, so nobody can spend another operator's
 * room by naming its key.
 */
export class CommandLimits implements CommandGate {
  private readonly byOperator: TokenBuckets;
  private readonly byParty: TokenBuckets;

  constructor(
    limits: Pick<AccessLimits, 'commandsPerOperatorPerMinute' | 'commandsPerPartyPerMinute'>,
    clock: () => number = Date.now,
  ) {
    this.byOperator = new TokenBuckets(limits.commandsPerOperatorPerMinute, clock);
    this.byParty = new TokenBuckets(limits.commandsPerPartyPerMinute, clock);
  }

  check(author: Operator): void {
    this.refuseIfWaiting(this.byOperator.wait(author.id), this.byParty.wait(author.party));
  }

  spend(author: Operator): void {
    // Others of the party may have spent its room while this signature was checked.
    const partyWait = this.byParty.wait(author.party);
    const operatorWait = this.byOperator.wait(author.id);
    this.refuseIfWaiting(operatorWait, partyWait);
    this.byOperator.take(author.id);
    this.byParty.take(author.party);
  }

  private refuseIfWaiting(operatorWait: number, partyWait: number): void {
    if (operatorWait > 0)
      throw retryLater(429, TITLE, 'too many commands from this operator', '/key', operatorWait / 1000);
    if (partyWait > 0)
      throw retryLater(
        429,
        TITLE,
        'too many commands from the operators of this party',
        '/key',
        partyWait / 1000,
      );
  }
}

// Who witnesses the hub, as the parties agreed in the record: a proposal names witnesses (each a
// cosigner key and the URL the hub sends checkpoints to) and how many must cosign; it comes into
// force once every party registered when it was proposed has agreed to its exact digest, so the
// hub's custodians alone can neither impose witnesses nor drop them.
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../record/index.js';

export interface Witness {
  /** The witness's name: the name in its cosigner key. */
  name: string;
  /** Its C2SP cosignature/v1 verifier key. */
  key: string;
  /** Where the hub sends checkpoints (the witness's tlog-witness base URL). */
  url: string;
}

export interface WitnessPolicy {
  witnesses: Witness[];
  /** How many of the witnesses must cosign a checkpoint for it to count as witnessed. */
  quorum: number;
}

export interface PolicyAgreement {
  party: string;
  operator: string;
  time: string;
  /** Index of the entry that agreed. */
  entry: number;
}

export type ProposalStatus = 'proposed' | 'in-force' | 'replaced';

export interface WitnessProposal {
  id: string;
  policy: WitnessPolicy;
  /** SHA-256 (hex) of the policy's canonical JSON: what each party agrees to. */
  digest: string;
  /** The parties registered when it was proposed: each must agree. */
  parties: string[];
  agreements: PolicyAgreement[];
  status: ProposalStatus;
  proposed: string;
  /** The entry that brought it into force. */
  inForceSince?: { entry: number; time: string };
}

export function policyDigest(policy: WitnessPolicy): string {
  const canonical = {
    quorum: policy.quorum,
    witnesses: policy.witnesses.map(({ name, key, url }) => ({ name, key, url })),
  };
  return createHash('sha256').update(canonicalBytes(canonical)).digest('hex');
}

export function partiesYetToAgree(proposal: WitnessProposal): string[] {
  const agreed = new Set(proposal.agreements.map((a) => a.party));
  return proposal.parties.filter((party) => !agreed.has(party));
}

/** The hub's witness policies: the one in force, and every proposal by id. */
export class WitnessPolicies {
  readonly proposals = new Map<string, WitnessProposal>();
  private current: WitnessProposal | null = null;

  /** Every proposal in the order made, and which is in force: plain data to restore from. */
  snapshot(): { proposals: WitnessProposal[]; inForce: string | null } {
    return { proposals: [...this.proposals.values()], inForce: this.current?.id ?? null };
  }

  static restore(snapshot: { proposals: WitnessProposal[]; inForce: string | null }): WitnessPolicies {
    const policies = new WitnessPolicies();
    for (const proposal of snapshot.proposals) policies.proposals.set(proposal.id, proposal);
    policies.current = snapshot.inForce === null ? null : (policies.proposals.get(snapshot.inForce) ?? null);
    return policies;
  }

  /** The proposal in force, or null while the parties have agreed none. */
  inForce(): WitnessProposal | null {
    return this.current;
  }

  pending(): WitnessProposal[] {
    return [...this.proposals.values()].filter((p) => p.status === 'proposed');
  }

  propose(proposal: WitnessProposal): void {
    this.proposals.set(proposal.id, proposal);
    this.enactIfAgreed(proposal);
  }

  agree(id: string, agreement: PolicyAgreement): void {
    const proposal = this.proposals.get(id);
    if (!proposal) throw new Error(`witnesses.agree for unknown ${id}`);
    proposal.agreements.push(agreement);
    this.enactIfAgreed(proposal);
  }

  private enactIfAgreed(proposal: WitnessProposal): void {
    if (partiesYetToAgree(proposal).length > 0) return;
    const last = proposal.agreements[proposal.agreements.length - 1];
    if (this.current) this.current.status = 'replaced';
    proposal.status = 'in-force';
    if (last) proposal.inForceSince = { entry: last.entry, time: last.time };
    this.current = proposal;
  }
}

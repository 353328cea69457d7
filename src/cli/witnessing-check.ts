// What `deconflict verify URL` checks of the hub's witnessing: the cosigned checkpoint is signed by
// the hub and cosigned by the witnesses of the policy (and those the user trusts), a quorum of
// them, and the hub's latest checkpoint extends it. Then it asks the policy's witnesses themselves
// whether the latest checkpoint extends what they cosigned: a hub showing this client a history
// its witnesses did not cosign is caught even if it hides its cosigned checkpoint.
import { HubRefusal } from '../client/hub-refusal.js';
import type { RecordRoutes } from '../client/record-routes.js';
import { decodeBase64, equalBytes, verifyConsistency, verifyCosignatures } from '../record/index.js';
import { requestCosignature } from '../witness/witness-client.js';
import type { Witness } from '../witness/witness-policy.js';
import { MonitorAlarm } from './monitor.js';

export interface WitnessingReport {
  policy: string | null;
  quorum: number;
  cosigned_size: number | null;
  /** Names of the witnesses whose cosignatures verify: the policy's and those the user trusts. */
  cosigned_by: string[];
  /** Witnesses that, asked now, cosigned the latest checkpoint. */
  confirmed_by: string[];
  warnings: string[];
}

interface PolicyView {
  policy: { id: string; quorum: number; witnesses: Witness[] } | null;
}

export async function checkWitnessing(
  client: RecordRoutes,
  latest: { size: number; root: Uint8Array; text: string },
  verifierKey: string,
  trusted: readonly string[],
): Promise<WitnessingReport> {
  const { policy } = await client.get<PolicyView>('/v1/record/witnesses');
  const report: WitnessingReport = {
    policy: policy?.id ?? null,
    quorum: policy?.quorum ?? 0,
    cosigned_size: null,
    cosigned_by: [],
    confirmed_by: [],
    warnings: [],
  };
  if (!policy || policy.witnesses.length === 0)
    report.warnings.push(
      'the parties have agreed on no witnesses: nobody but the hub vouches for its record',
    );
  const policyKeys = policy?.witnesses.map((w) => w.key) ?? [];
  const keys = [...new Set([...policyKeys, ...trusted])];
  const cosigned = await cosignedCheckpoint(client);
  if (cosigned === null) {
    if (policy && policy.witnesses.length > 0) report.warnings.push('the hub has no cosigned checkpoint yet');
  } else {
    let check: ReturnType<typeof verifyCosignatures>;
    try {
      check = verifyCosignatures(cosigned, { logVerifier: verifierKey, witnesses: keys, quorum: 0 });
    } catch (error) {
      throw new MonitorAlarm(`the cosigned checkpoint does not verify: ${(error as Error).message}`);
    }
    report.cosigned_size = check.checkpoint.size;
    report.cosigned_by = check.cosigned.map((c) => c.name);
    const ofPolicy = check.cosigned.filter((c) => policyKeys.includes(c.witness)).length;
    if (policy && ofPolicy < policy.quorum) {
      report.warnings.push(
        `the cosigned checkpoint lacks the quorum: ${ofPolicy} of the ${policy.quorum} witnesses needed cosigned it`,
      );
    }
    if (trusted.length > 0 && !check.cosigned.some((c) => trusted.includes(c.witness)))
      report.warnings.push('none of the witnesses you trust cosigned the cosigned checkpoint');
    await requireExtends(client, check.checkpoint, latest);
    if (check.checkpoint.size < latest.size)
      report.warnings.push(
        `the latest checkpoint (size ${latest.size}) is not cosigned yet; the cosigned one has size ${check.checkpoint.size}`,
      );
  }
  for (const witness of policy?.witnesses ?? []) {
    const answer = await askWitness(client, witness, latest);
    if (answer === true) report.confirmed_by.push(witness.name);
    else report.warnings.push(`witness ${witness.name} could not be asked: ${answer}`);
  }
  return report;
}

async function cosignedCheckpoint(client: RecordRoutes): Promise<string | null> {
  try {
    return await client.getText('/v1/record/checkpoint/cosigned');
  } catch (error) {
    if (error instanceof HubRefusal && error.status === 404) return null;
    throw error;
  }
}

/** The latest checkpoint must extend the cosigned one: the same tree, grown. */
async function requireExtends(
  client: RecordRoutes,
  cosigned: { size: number; root: Uint8Array },
  latest: { size: number; root: Uint8Array },
): Promise<void> {
  const inconsistent = new MonitorAlarm(
    `the hub's checkpoint of size ${latest.size} is not consistent with the one of size ${cosigned.size} its witnesses cosigned: it is showing two histories`,
  );
  if (cosigned.size > latest.size) throw inconsistent;
  if (cosigned.size === latest.size) {
    if (!equalBytes(cosigned.root, latest.root)) throw inconsistent;
    return;
  }
  if (cosigned.size === 0) return;
  const { proof } = await client.get<{ proof: string[] }>(
    `/v1/record/proof/consistency?from=${cosigned.size}&to=${latest.size}`,
  );
  const hashes = proof.map((hash) => decodeBase64(hash) ?? new Uint8Array());
  if (!verifyConsistency(cosigned.size, latest.size, hashes, cosigned.root, latest.root)) throw inconsistent;
}

/**
 * Offers the latest checkpoint to a witness, with a proof from the size it says it cosigned: true if
 * it cosigns, the reason if it cannot be asked; an alarm if it has cosigned another history.
 */
async function askWitness(
  client: RecordRoutes,
  witness: Witness,
  latest: { size: number; text: string },
): Promise<true | string> {
  let oldSize = 0;
  let proof: Uint8Array[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    let answer: Awaited<ReturnType<typeof requestCosignature>>;
    try {
      answer = await requestCosignature(witness.url, { oldSize, proof, checkpoint: latest.text });
    } catch (error) {
      return (error as Error).message;
    }
    if (answer.kind === 'cosigned') return true;
    if (answer.kind === 'size-mismatch') {
      if (answer.size > latest.size) {
        throw new MonitorAlarm(
          `witness ${witness.name} has cosigned ${answer.size} entries of this hub's record, which shows you ${latest.size}: it is showing two histories`,
        );
      }
      oldSize = answer.size;
      const served = await client.get<{ proof: string[] }>(
        `/v1/record/proof/consistency?from=${oldSize}&to=${latest.size}`,
      );
      proof = served.proof.map((hash) => decodeBase64(hash) ?? new Uint8Array());
      continue;
    }
    // The witness checked the hub's own proof against what it cosigned: it does not extend it.
    if (answer.status === 422) {
      throw new MonitorAlarm(
        `witness ${witness.name} cosigned a history of this hub that the checkpoint of size ${latest.size} shown to you does not extend: it is showing two histories`,
      );
    }
    return `refused (${answer.status}): ${answer.reason}`;
  }
  return 'its size kept changing';
}

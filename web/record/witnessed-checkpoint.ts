// What the parties' witnesses vouch for, checked here: the checkpoint a quorum of the witnesses in the
// policy cosigned, its cosignatures, and that the hub's latest checkpoint extends it. A hub showing
// this browser a history the witnesses never saw either lacks their cosignatures or fails that proof.
import { type HubApi, HubProblem } from '../hub/hub-api.js';
import { t } from '../i18n/strings.js';
import {
  CheckpointFailure,
  openSignedCheckpoint,
  provesConsistent,
  type SeenCheckpoint,
} from './checkpoint-check.js';
import { type Cosigned, type PolicyWitness, verifiedCosigners } from './cosignature-check.js';

interface PolicyView {
  id: string;
  quorum: number;
  witnesses: PolicyWitness[];
}

export type Witnessing =
  | { kind: 'no-policy' }
  | { kind: 'cosigned'; size: number; quorum: number; of: number; cosigners: Cosigned[] }
  | { kind: 'lacking'; quorum: number; of: number; cosigners: Cosigned[]; size?: number };

async function cosignedNote(api: HubApi): Promise<string | null> {
  try {
    return await api.get<string>('/v1/record/checkpoint/cosigned');
  } catch (error) {
    if (error instanceof HubProblem && error.status === 404) return null;
    throw error;
  }
}

/**
 * Checks the witnesses' view against `latest`, the checkpoint this browser has just verified.
 * `witnessedBefore`: this browser has seen the hub under a witness policy. A policy is agreed by
 * every party's signature, which a hub cannot forge into another history, so a hub that forks can
 * only hide it: once seen, its absence is an alarm.
 */
export async function checkWitnessing(
  api: HubApi,
  latest: SeenCheckpoint,
  witnessedBefore: boolean,
): Promise<Witnessing> {
  const { policy } = await api.get<{ policy: PolicyView | null }>('/v1/record/witnesses');
  if (!policy || policy.witnesses.length === 0) {
    if (witnessedBefore) throw new CheckpointFailure(t('recordWitnessesHidden'));
    return { kind: 'no-policy' };
  }
  const { quorum } = policy;
  const of = policy.witnesses.length;
  const note = await cosignedNote(api);
  if (note === null) return { kind: 'lacking', quorum, of, cosigners: [] };
  const cosignedCheckpoint = await openSignedCheckpoint(note, api.verifierKey);
  const cosigners = await verifiedCosigners(note, policy.witnesses);
  if (cosignedCheckpoint.size > latest.size)
    throw new CheckpointFailure(t('recordBehindWitnesses', { size: cosignedCheckpoint.size }));
  const { proof } = await api.get<{ proof: string[] }>(
    `/v1/record/proof/consistency?from=${cosignedCheckpoint.size}&to=${latest.size}`,
  );
  if (!provesConsistent(cosignedCheckpoint, latest, proof))
    throw new CheckpointFailure(t('recordForkedFromWitnesses', { size: cosignedCheckpoint.size }));
  const size = cosignedCheckpoint.size;
  return cosigners.length >= quorum
    ? { kind: 'cosigned', size, quorum, of, cosigners }
    : { kind: 'lacking', quorum, of, cosigners, size };
}

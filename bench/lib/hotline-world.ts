// The parties of the hotline benchmark, their operators and rosters, and how they are set up on a
// hub through its API. Each party has R rosters "duty-k" (first member, second member, chief) whose
// first member acknowledges what it is asked; an "escalation-drill" roster whose members never
// acknowledge, so that its deliveries climb every step on the agreed deadline; and senders. One
// agreement between all parties sets the deadline for urgent requests.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { ClientSpec } from './hotline-client.js';

export interface WorldSize {
  parties: number;
  /** Connected operators per party: one client each. */
  clientsPerParty: number;
  /** Rosters per party that acknowledge. */
  rostersPerParty: number;
}

export const ESCALATION_DUTY = 'escalation-drill';
/** The agreed deadline for urgent requests: each escalation step waits this long. */
export const URGENT_DEADLINE_S = 2;
const ALWAYS: never[] = [];

export interface Roster {
  duty: string;
  members: string[];
  chief: string;
}

export interface PartyLayout {
  party: string;
  operators: string[];
  rosters: Roster[];
  escalation: Roster;
  senders: string[];
}

export const partyId = (p: number) => `party-${p}`;

/** Who is who in each party; the same on the hub, the peer and the clients. */
export function layout(size: WorldSize): PartyLayout[] {
  const r = size.rostersPerParty;
  // First members, second members, one chief, the escalation roster's three, then senders.
  if (size.clientsPerParty < 2 * r + 5) throw new Error(`at least ${2 * r + 5} clients per party`);
  return Array.from({ length: size.parties }, (_, p) => {
    const party = partyId(p);
    const operators = Array.from({ length: size.clientsPerParty }, (_, i) => `${party}.op-${i}`);
    const at = (i: number) => operators[i] as string;
    return {
      party,
      operators,
      rosters: Array.from({ length: r }, (_, k) => ({
        duty: `duty-${k}`,
        members: [at(k), at(r + k)],
        chief: at(2 * r),
      })),
      escalation: { duty: ESCALATION_DUTY, members: [at(2 * r + 1), at(2 * r + 2)], chief: at(2 * r + 3) },
      senders: operators.slice(2 * r + 4),
    };
  });
}

const pemOf = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** Posts a signed command; throws unless it is accepted. */
export async function post(url: string, signed: SignedCommand): Promise<void> {
  const response = await fetch(`${url}/v1/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(signed),
  });
  if (response.status !== 201)
    throw new Error(`${String(signed.command.type)} refused: ${response.status} ${await response.text()}`);
}

/** Runs `task` on every item, `size` at a time. */
async function inChunks<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  for (let at = 0; at < items.length; at += size) await Promise.all(items.slice(at, at + size).map(task));
}

/** Admits the parties, their operators (duty officers), rosters and the agreement; the clients' keys. */
export async function setUpWorld(
  url: string,
  origin: string,
  hubAdmin: OperatorSigner,
  parties: PartyLayout[],
  /** Each party's first administrator; given by a caller that signs more for the party afterwards. */
  admins: Map<string, OperatorSigner> = new Map(parties.map((p) => [p.party, OperatorSigner.generate()])),
): Promise<ClientSpec[]> {
  const admin = (party: string) => admins.get(party) as OperatorSigner;
  await Promise.all(
    parties.map((p) =>
      post(
        url,
        hubAdmin.command(origin, 'party.create', {
          party: { id: p.party, name: `Party ${p.party}` },
          administrator: {
            id: `${p.party}.admin`,
            name: 'Administrator',
            public_key: admin(p.party).publicKey,
          },
        }),
      ),
    ),
  );
  const clients: ClientSpec[] = parties.flatMap((p) =>
    p.operators.map((operator) => ({ operator, party: p.party, pem: pemOf() })),
  );
  await inChunks(clients, 200, (client) =>
    post(
      url,
      admin(client.party).command(origin, 'operator.add', {
        operator: {
          id: client.operator,
          name: `Officer ${client.operator}`,
          public_key: new OperatorSigner(createPrivateKey(client.pem)).publicKey,
        },
        role: 'duty-officer',
      }),
    ),
  );
  await Promise.all(
    parties.flatMap((p) =>
      [...p.rosters, p.escalation].map((roster) =>
        post(
          url,
          admin(p.party).command(origin, 'roster.set', {
            roster: {
              duty: roster.duty,
              members: roster.members.map((operator) => ({ operator, shifts: ALWAYS })),
              chief: roster.chief,
            },
          }),
        ),
      ),
    ),
  );
  const [first, ...others] = parties;
  if (!first) return clients;
  const agreement = `${first.party}/hotline`;
  await post(
    url,
    admin(first.party).command(origin, 'agreement.propose', {
      agreement: {
        id: agreement,
        title: 'Hotline between all parties',
        parties: parties.map((p) => p.party),
        terms: `Urgent requests are acknowledged within ${URGENT_DEADLINE_S} s.`,
        ack_deadlines_s: { 'urgent-request': URGENT_DEADLINE_S },
      },
    }),
  );
  await Promise.all(
    others.map((p) => post(url, admin(p.party).command(origin, 'agreement.sign', { agreement }))),
  );
  return clients;
}

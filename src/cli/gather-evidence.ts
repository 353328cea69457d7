// Gathers an evidence bundle from a hub as one signed-in operator: the entries related to what was
// asked, those that registered the keys that signed them (and so on back to the hub's founding),
// their proofs to one checkpoint, and the operators' keys. What the hub serves is checked as it
// comes (each entry's bytes against its leaf hash, the checkpoint against the hub's key) and the
// bundle as a whole before it is handed back, so none is written from answers that do not hold.
import { createHash } from 'node:crypto';
import type { HubClient } from '../client/hub-client.js';
import { HubRefusal } from '../client/hub-refusal.js';
import { assembleBundle, type GatheredEvidence } from '../evidence/assemble-bundle.js';
import type { BundledKey, BundleFiles } from '../evidence/bundle-layout.js';
import { verifyBundle } from '../evidence/verify-bundle.js';
import {
  canonicalBytes,
  decodeBase64,
  type Entry,
  equalBytes,
  hashLeaf,
  type NoteVerifier,
  noteVerifier,
  openCheckpoint,
} from '../record/index.js';

interface ServedEntry {
  index: number;
  leaf_hash: string;
  entry?: Entry;
  damaged?: boolean;
}

const PAGE = 1000;
/** Indices this close together are read in one page rather than one by one. */
const GAP = 64;
const PARALLEL = 16;
/** How long to wait for the witnesses to cosign a checkpoint that covers the entries gathered. */
const COSIGNED_WAIT_MS = 10_000;

const ENTRY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * An index is itself; an id is a message's if the party knows such a message, else a declaration's,
 * else an incident's: its report, the entries the hub linked to it for the party, and its steps.
 */
async function relatedEntries(
  client: HubClient,
  subject: string,
): Promise<{ name: string; entries: number[] }> {
  if (ENTRY_INDEX.test(subject)) return { name: `entry ${subject}`, entries: [Number(subject)] };
  const absent = (error: unknown) => error instanceof HubRefusal && error.status === 404;
  for (const kind of ['message', 'declaration'] as const) {
    try {
      const { entries } = await client.get<{ entries: number[] }>(
        `/v1/evidence/related?${kind}=${encodeURIComponent(subject)}`,
      );
      return { name: `${kind} ${subject}`, entries };
    } catch (error) {
      if (!absent(error)) throw error;
    }
  }
  try {
    const incident = await client.incident(subject);
    const entries = [
      incident.entry,
      ...(typeof incident.links_entry === 'number' ? [incident.links_entry] : []),
      ...(incident.links ?? []).map((link) => link.entry),
      ...incident.steps.map((step) => step.entry),
    ];
    return { name: `incident ${subject}`, entries };
  } catch (error) {
    if (!absent(error)) throw error;
  }
  throw new Error(`no message, declaration or incident ${subject} that your party may see`);
}

/** Reads the given indices in as few pages as their spacing allows. */
async function readEntries(client: HubClient, indices: readonly number[]): Promise<ServedEntry[]> {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const index of sorted) {
    const last = runs.at(-1);
    if (last && index - last[1] <= GAP && index + 1 - last[0] <= PAGE) last[1] = index + 1;
    else runs.push([index, index + 1]);
  }
  const wanted = new Set(sorted);
  const pages = await inParallel(runs, ([start, end]) =>
    client.get<{ entries: ServedEntry[] }>(`/v1/record/entries?start=${start}&end=${end}`),
  );
  return pages.flatMap((page) => page.entries).filter((served) => wanted.has(served.index));
}

async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return results;
}

const proofOf = async (client: HubClient, path: string): Promise<Uint8Array[]> =>
  (await client.get<{ proof: string[] }>(path)).proof.map((h) => decodeBase64(h) as Uint8Array);

export async function gatherEvidence(
  client: HubClient,
  subjects: readonly string[],
  options: { earlierCheckpoint?: string } = {},
): Promise<BundleFiles> {
  const session = await client.login();
  const hubKey = await client.verifierKey();
  const verifier = noteVerifier(hubKey);

  const readable = new Map<number, Entry>();
  const hidden = new Map<number, Uint8Array>();
  const keys = new Map<string, BundledKey>();
  const related = await Promise.all(subjects.map((s) => relatedEntries(client, s)));
  let toRead = related.flatMap((r) => r.entries);
  while (toRead.length > 0) {
    for (const served of await readEntries(client, toRead)) {
      if (served.damaged) throw new Error(`the hub could not read entry #${served.index} of its record`);
      const leafHash = decodeBase64(served.leaf_hash);
      if (!served.entry) {
        hidden.set(served.index, leafHash as Uint8Array);
        continue;
      }
      if (!leafHash || !equalBytes(hashLeaf(canonicalBytes(served.entry)), leafHash))
        throw new Error(`the hub served entry #${served.index} with bytes that do not hash to its leaf`);
      readable.set(served.index, served.entry);
    }
    // The keys that signed what was read, with the entries that registered and ended them.
    const signers = [...readable.values()].flatMap((e) => ('party' in e.author ? [e.author.key] : []));
    const unknown = [...new Set(signers)].filter((id) => !keys.has(id));
    const found = (
      await inParallel(chunks(unknown, 500), (ids) =>
        client.get<{ keys: BundledKey[] }>(`/v1/evidence/keys?ids=${ids.join(',')}`),
      )
    ).flatMap((page) => page.keys);
    for (const key of found) keys.set(key.id, key);
    toRead = found.flatMap((key) => key.entries).filter((i) => !readable.has(i) && !hidden.has(i));
  }

  const needed = Math.max(0, ...readable.keys(), ...hidden.keys()) + 1;
  const { text, checkpoint, witnesses } = await provingCheckpoint(client, verifier, needed);
  const prove = (index: number) =>
    proofOf(client, `/v1/record/proof/inclusion?index=${index}&size=${checkpoint.size}`);
  const gathered: GatheredEvidence = {
    origin: checkpoint.origin,
    requester: { operator: session.operator, party: session.party },
    subjects: related.map((r) => r.name),
    checkpoint: { text, size: checkpoint.size },
    hubKey,
    witnessKeys: witnesses,
    entries: await inParallel([...readable.keys()], async (index) => ({
      index,
      bytes: canonicalBytes(readable.get(index)),
      proof: await prove(index),
    })),
    hidden: await inParallel([...hidden.keys()], async (index) => ({
      index,
      leafHash: hidden.get(index) as Uint8Array,
      proof: await prove(index),
    })),
    keys: [...keys.values()],
    tracks: await keptPositions(client, readable),
  };
  if (options.earlierCheckpoint !== undefined) {
    const earlier = openCheckpoint(options.earlierCheckpoint, [verifier]);
    gathered.extends = {
      checkpoint: options.earlierCheckpoint,
      proof: await proofOf(client, `/v1/record/proof/consistency?from=${earlier.size}&to=${checkpoint.size}`),
    };
  }
  const files = assembleBundle(gathered);
  // The whole bundle is checked as a reader will check it, so a hub's bad proof is found here, not
  // by an inquiry later.
  verifyBundle(files, { hubKey });
  return files;
}

/**
 * The checkpoint to prove to: the latest a quorum of the hub's witnesses cosigned, once it covers
 * every entry gathered (witnesses take a moment to answer), else the hub's latest; with the keys of
 * the witnesses of the policy in force.
 */
async function provingCheckpoint(client: HubClient, verifier: NoteVerifier, needed: number) {
  const deadline = Date.now() + COSIGNED_WAIT_MS;
  for (;;) {
    let cosigned: string;
    try {
      cosigned = await client.getText('/v1/record/checkpoint/cosigned');
    } catch (error) {
      // No witnesses agreed, or none has cosigned yet.
      if (error instanceof HubRefusal && error.status === 404) break;
      throw error;
    }
    const checkpoint = openCheckpoint(cosigned, [verifier]);
    if (checkpoint.size >= needed) {
      const { policy } = await client.get<{ policy: { witnesses: { key: string }[] } | null }>(
        '/v1/record/witnesses',
      );
      return { text: cosigned, checkpoint, witnesses: (policy?.witnesses ?? []).map((w) => w.key) };
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const text = await client.getText('/v1/record/checkpoint');
  return { text, checkpoint: openCheckpoint(text, [verifier]), witnesses: [] as string[] };
}

/** The kept positions of each readable `tracks.archived` entry still kept, checked against its batch id. */
async function keptPositions(
  client: HubClient,
  readable: ReadonlyMap<number, Entry>,
): Promise<GatheredEvidence['tracks']> {
  const archived = [...readable].filter(([, entry]) => entry.kind === 'tracks.archived');
  const found = await inParallel(archived, async ([index, entry]) => {
    try {
      const { positions } = await client.get<{ positions: unknown[] }>(
        `/v1/evidence/kept-positions?entry=${index}`,
      );
      const bytes = canonicalBytes(positions);
      if (createHash('sha256').update(bytes).digest('hex') !== entry.command.batch)
        throw new Error(`the hub served kept positions that do not hash to the batch of entry #${index}`);
      return [{ index, bytes }];
    } catch (error) {
      // Deleted by the hub's retention policy, which the record says in a tracks.pruned entry.
      if (error instanceof HubRefusal && error.status === 404) return [];
      throw error;
    }
  });
  return found.flat();
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

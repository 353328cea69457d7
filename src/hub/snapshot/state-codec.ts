// The hub's state as explicit, versioned parts of plain data, and back. Each part is one or more
// sections of JSON; long lists are cut into sections of CHUNK items, so no single JSON text nears
// the engine's string limit and a part of a million declarations parses in pieces. The live
// declarations' volumes are binary numbers instead (volumes-codec.ts), decoded only when read, and
// their bodies, most of a snapshot's bytes, are kept as JSON bytes apart and parsed only when read
// (lazy-body.ts). A part whose version this hub does not read refuses the whole snapshot: the hub
// then replays instead.
import type { PackedIndex } from '../../deconfliction/conflict-index.js';
import {
  type DeconflictionSnapshot,
  DeconflictionState,
  type KnownDeclaration,
} from '../../deconfliction/deconfliction-state.js';
import { deferVolumes } from '../../deconfliction/deferred-volumes.js';
import { Incident, type IncidentSnapshot } from '../../evidence/incident.js';
import { type HotlineSnapshot, HotlineState } from '../../hotline/hotline-state.js';
import { WitnessPolicies } from '../../witness/witness-policy.js';
import type { RecordedAlert } from '../commands/track-alerts.js';
import { TrackArchive, type TrackArchiveSnapshot } from '../commands/track-archive.js';
import type { TrackFeed } from '../commands/track-feeds.js';
import type { WebhookEndpoint } from '../commands/webhook-endpoints.js';
import { type HubIdentity, HubState, type Operator, type Party } from '../state.js';
import { bodyBytes, defineLazyBody } from './lazy-body.js';
import { type EncodedVolumes, encodeVolumes, layOutVolumes } from './volumes-codec.js';

export interface EncodedPart {
  name: string;
  version: number;
  sections: Uint8Array[];
}

/** A snapshot that must not be loaded: damaged, forged, or not of this record at this size. */
export class SnapshotRefused extends Error {
  override name = 'SnapshotRefused';
}

const CHUNK = 4096;

interface HubPart {
  identity: HubIdentity | null;
  size: number;
  parties: Party[];
  operators: Operator[];
  webhooks: WebhookEndpoint[];
  feeds: TrackFeed[];
  alerts: [string, [string, RecordedAlert][]][];
  keyIndex: ReturnType<HubState['keyIndex']>;
}

/** Each part's name and the version of its form this hub writes and reads. */
const VERSIONS = {
  hub: 1,
  deconfliction: 3,
  'conflict-index': 2,
  hotline: 1,
  'track-archive': 1,
  witnessing: 1,
  incidents: 1,
} as const;

type PartName = keyof typeof VERSIONS;

export function encodeState(state: HubState): EncodedPart[] {
  const hub: HubPart = {
    identity: state.identity,
    size: state.size,
    parties: [...state.parties.values()],
    operators: [...state.operators.values()],
    webhooks: [...state.webhooks.values()],
    feeds: [...state.feeds.values()],
    alerts: [...state.alerts].map(([id, told]) => [id, [...told]]),
    keyIndex: state.keyIndex(),
  };
  const { declarations, index, ...deconfliction } = state.deconfliction.snapshot();
  const { messages, ...hotline } = state.hotline.snapshot();
  const incidents = [...state.incidents.values()].map((incident) => incident.snapshot());
  const part = (name: PartName, sections: Uint8Array[]): EncodedPart => ({
    name,
    version: VERSIONS[name],
    sections,
  });
  return [
    part('hub', [json(hub)]),
    part('deconfliction', deconflictionSections(deconfliction, declarations)),
    part('conflict-index', indexSections(index)),
    part('hotline', [json(hotline), ...chunks(messages)]),
    part('track-archive', [json(state.trackArchive.snapshot())]),
    part('witnessing', [json(state.witnessing.snapshot())]),
    part('incidents', chunks(incidents)),
  ];
}

/** Rebuilds a state from its parts; throws SnapshotRefused if a part is missing or of another version. */
export function decodeState(parts: readonly EncodedPart[]): HubState {
  const byName = new Map(parts.map((part) => [part.name, part]));
  const sections = (name: PartName): Uint8Array[] => {
    const part = byName.get(name);
    if (!part) throw new SnapshotRefused(`the snapshot has no ${name} part`);
    if (part.version !== VERSIONS[name])
      throw new SnapshotRefused(
        `the snapshot's ${name} part is of version ${part.version}, not ${VERSIONS[name]}`,
      );
    return part.sections;
  };
  const unknown = parts.find((part) => !(part.name in VERSIONS));
  if (unknown) throw new SnapshotRefused(`the snapshot has a part this hub does not know: ${unknown.name}`);
  try {
    const [deconflictionHead, ...declarations] = sections('deconfliction');
    const [hotlineHead, ...messages] = sections('hotline');
    const state = new HubState({
      deconfliction: DeconflictionState.restore({
        ...parse<Omit<DeconflictionSnapshot, 'declarations' | 'index'>>(deconflictionHead),
        declarations: declarationsWithVolumes(declarations),
        index: packedIndex(sections('conflict-index')),
      }),
      hotline: HotlineState.restore({
        ...parse<Omit<HotlineSnapshot, 'messages'>>(hotlineHead),
        messages: unchunk(messages),
      }),
      trackArchive: TrackArchive.restore(parse<TrackArchiveSnapshot>(sections('track-archive')[0])),
      witnessing: WitnessPolicies.restore(parse(sections('witnessing')[0])),
    });
    const hub = parse<HubPart>(sections('hub')[0]);
    state.identity = hub.identity;
    state.size = hub.size;
    for (const party of hub.parties) state.parties.set(party.id, party);
    for (const operator of hub.operators) state.operators.set(operator.id, operator);
    for (const webhook of hub.webhooks) state.webhooks.set(webhook.id, webhook);
    for (const feed of hub.feeds) state.feeds.set(feed.id, feed);
    for (const [id, told] of hub.alerts) state.alerts.set(id, new Map(told));
    state.restoreKeyIndex(hub.keyIndex);
    for (const incident of unchunk<IncidentSnapshot>(sections('incidents')))
      state.incidents.set(incident.report.id, Incident.restore(incident));
    return state;
  } catch (error) {
    if (error instanceof SnapshotRefused) throw error;
    throw new SnapshotRefused(`the snapshot's state does not read: ${(error as Error).message}`);
  }
}

/**
 * The head (all but the declarations), then the declarations CHUNK at a time, each chunk as
 * SECTIONS_PER_CHUNK sections: its volumes in binary (numbers, then strings); its declarations as
 * JSON without their volumes and bodies; the byte length of each body (little-endian 32-bit); and
 * the bodies' JSON, one after the other.
 */
function deconflictionSections(
  head: Omit<DeconflictionSnapshot, 'declarations' | 'index'>,
  declarations: readonly KnownDeclaration[],
): Uint8Array[] {
  const sections = [json(head)];
  for (let start = 0; start < declarations.length; start += CHUNK) {
    const chunk = declarations.slice(start, start + CHUNK);
    const { numbers, strings } = encodeVolumes(chunk);
    const bodies = chunk.map(bodyBytes);
    const lengths = Buffer.alloc(4 * bodies.length);
    bodies.forEach((body, i) => {
      lengths.writeUInt32LE(body.byteLength, 4 * i);
    });
    sections.push(numbers, strings, json(chunk.map(withoutVolumesAndBody)), lengths, Buffer.concat(bodies));
  }
  return sections;
}

const SECTIONS_PER_CHUNK = 5;

/**
 * A declaration's fields but its volumes and body, without reading them: restored, those two are
 * added as new properties, which costs a fraction of turning existing ones into accessors.
 */
function withoutVolumesAndBody(declaration: KnownDeclaration): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(declaration) as (keyof KnownDeclaration)[])
    if (key !== 'volumes' && key !== 'body') fields[key] = declaration[key];
  return fields;
}

function declarationsWithVolumes(sections: readonly Uint8Array[]): KnownDeclaration[] {
  if (sections.length % SECTIONS_PER_CHUNK !== 0)
    throw new SnapshotRefused("the snapshot's declarations are not whole");
  const all: KnownDeclaration[] = [];
  for (let at = 0; at < sections.length; at += SECTIONS_PER_CHUNK) {
    const declarations = parse<KnownDeclaration[]>(sections[at + 2]);
    const volumes = layOutVolumes(
      { numbers: sections[at] as Uint8Array, strings: sections[at + 1] as Uint8Array },
      declarations.map((declaration) => declaration.id),
    );
    const lengths = sections[at + 3] as Uint8Array;
    const bodies = sections[at + 4] as Uint8Array;
    if (lengths.byteLength !== 4 * declarations.length)
      throw new SnapshotRefused("the snapshot's declarations and their bodies do not match");
    const view = new DataView(lengths.buffer, lengths.byteOffset, lengths.byteLength);
    let offset = 0;
    declarations.forEach((declaration, i) => {
      deferVolumes(declaration, volumes[i] as EncodedVolumes);
      const length = view.getUint32(4 * i, true);
      defineLazyBody(declaration, bodies.subarray(offset, offset + length));
      offset += length;
      all.push(declaration);
    });
    if (offset !== bodies.byteLength)
      throw new SnapshotRefused("the snapshot's declarations' bodies do not add up to their section");
  }
  return all;
}

/** A large array is cut into sections of at most this many bytes. */
const ARRAY_SECTION_BYTES = 32 * 1024 * 1024;

interface IndexHead {
  declarations: string[];
  /** The byte length of each array that follows, in order. */
  arrays: number[];
  trees: { bucket: number | null }[];
}

/**
 * The index's declarations and the byte length of each of its arrays, then the arrays' bytes as
 * they are in memory: the volumes' columns, then each tree and its items' volume numbers.
 */
function indexSections(index: PackedIndex | null): Uint8Array[] {
  if (index === null) return [json(null)];
  const { timeStart, timeEnd, boxes } = index.volumes;
  const arrays: ArrayBufferView[] = [timeStart, timeEnd, boxes];
  for (const { tree, slots } of index.trees) arrays.push(tree, slots);
  const head: IndexHead = {
    declarations: index.declarations,
    arrays: arrays.map((array) => array.byteLength),
    trees: index.trees.map(({ bucket }) => ({ bucket })),
  };
  const sections = [json(head)];
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let start = 0; start < bytes.length || start === 0; start += ARRAY_SECTION_BYTES)
      sections.push(bytes.subarray(start, start + ARRAY_SECTION_BYTES));
  }
  return sections;
}

/** The arrays' bytes, read in place where the store's bytes are aligned for doubles, else copied once. */
function packedIndex(sections: readonly Uint8Array[]): PackedIndex | null {
  const [headSection, ...rest] = sections;
  const head = parse<IndexHead | null>(headSection);
  if (head === null) return null;
  let next = 0;
  const arrays = head.arrays.map((bytes) => {
    const count = Math.max(1, Math.ceil(bytes / ARRAY_SECTION_BYTES));
    const own = rest.slice(next, next + count);
    next += count;
    if (own.length !== count || own.reduce((sum, section) => sum + section.byteLength, 0) !== bytes)
      throw new SnapshotRefused("the snapshot's index is not the length its head says");
    const whole = own.length === 1 ? (own[0] as Uint8Array) : Buffer.concat(own);
    return whole.byteOffset % 8 === 0 ? whole : Uint8Array.from(whole);
  });
  if (next !== rest.length || arrays.length !== 3 + 2 * head.trees.length)
    throw new SnapshotRefused("the snapshot's index has sections left over or missing");
  const view = <T>(
    at: number,
    Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
    size: number,
  ): T => {
    const bytes = arrays[at] as Uint8Array;
    if (bytes.byteLength % size !== 0) throw new SnapshotRefused("the snapshot's index has a broken array");
    return new Type(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  };
  return {
    declarations: head.declarations,
    volumes: {
      timeStart: view(0, Float64Array, 8),
      timeEnd: view(1, Float64Array, 8),
      boxes: view(2, Uint8Array, 1),
    },
    trees: head.trees.map(({ bucket }, i) => ({
      bucket,
      tree: arrays[3 + 2 * i] as Uint8Array,
      slots: view(4 + 2 * i, Int32Array, 4),
    })),
  };
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

function parse<T>(section: Uint8Array | undefined): T {
  if (section === undefined) throw new SnapshotRefused('a section of the snapshot is missing');
  return JSON.parse(Buffer.from(section.buffer, section.byteOffset, section.byteLength).toString()) as T;
}

function chunks<T>(items: readonly T[]): Uint8Array[] {
  const sections: Uint8Array[] = [];
  for (let start = 0; start < items.length; start += CHUNK)
    sections.push(json(items.slice(start, start + CHUNK)));
  return sections;
}

function unchunk<T>(sections: readonly Uint8Array[]): T[] {
  return sections.flatMap((section) => parse<T[]>(section));
}

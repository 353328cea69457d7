// What a signed-in operator is shown of the hub's state, as the hub's API answers it: the shapes the
// command line and the demo read.
import type { DeliveryState, Step } from '../hotline/delivery.js';
import type { MessageBody } from '../hotline/message-schema.js';
import type { Language } from '../hotline/templates.js';
import type { EntryAuthor } from '../record/index.js';

/** One side of a conflict: what a party may see of it, and whom to call about it in any case. */
export interface ConflictSideView {
  id: string;
  version: number;
  party: string;
  roster: string;
  /** Only where the viewer may see the declaration. */
  kind?: string;
  title?: string;
}

interface Overlap {
  start: string;
  end: string;
}

/** A conflict as the hub shows it to one party: the measures only if it may see both declarations. */
export interface ConflictView {
  /** The declaration that found it, then the one it was found against. */
  declarations: [ConflictSideView, ConflictSideView];
  /** West, south, east, north, in 0.25° cells. */
  area: [number, number, number, number][];
  /** Whole hours. */
  hours: { from: string; until: string };
  overlap?: Overlap | null;
  horizontal_distance_m?: number;
  vertical_gap_m?: number;
  time_gap_s?: number;
  /** Set once recorded (not in a refusal). */
  found_at?: string;
  entry?: number;
  current?: boolean;
}

export interface DeclarationListing {
  id: string;
  version: number;
  kind: string;
  party: string;
  status: string;
  visibility: string[];
  valid_from: string;
  valid_until: string;
  since: string;
  entry: number;
  roster: string;
  declaration: { title: string } & Record<string, unknown>;
}

export interface DeclarationFilter {
  kind?: string;
  /** West, south, east, north, as the hub reads it. */
  bbox?: string;
  from?: string;
  until?: string;
  status: 'live' | 'all';
}

export interface ConflictFilter {
  declaration?: string;
  party?: string;
  from?: string;
  until?: string;
  status: 'current' | 'all';
}

export interface DeliveryEventView {
  state: DeliveryState | 'routed' | 'escalated' | 'grouped';
  time: string;
  entry: number;
  /** Who signed a receipt. */
  operator?: string;
  /** Who was asked, when the hub routed or escalated it. */
  step?: Step;
}

/** One recipient's delivery of a message: where it stands, who is asked now and by when. */
export interface DeliveryView {
  /** "<party>" or "<party>/<duty>". */
  recipient: string;
  party: string;
  roster: string | null;
  state: DeliveryState;
  step: Step;
  deadline: string | null;
  deadline_s: number;
  acknowledged_by?: string;
  /** A repeat: the request it repeats, which is asked about for both. */
  grouped_with?: string;
  /** The repeats grouped with this delivery. */
  repeats?: { count: number; first: string; last: string; messages: string[] };
  history: DeliveryEventView[];
}

/** A sender refused for going over its limit to a recipient, and how often. */
export interface RefusedSenderView {
  party: string;
  operator: string;
  recipient: string;
  kind: string;
  count: number;
  /** Of `count`, the attempts the hub has not yet written to the record. */
  unrecorded: number;
  first: string;
  last: string;
  entry: number;
}

/** A message as the hub shows it to one party: the sender sees every delivery, a recipient its own. */
export interface MessageView {
  id: string;
  kind: MessageBody['kind'];
  /** The sending party, or the hub for its own notices. */
  from: string;
  /** Null for the hub's own notices. */
  operator: string | null;
  time: string;
  entry: number;
  message: MessageBody;
  rendered?: {
    title: string;
    direction: 'ltr' | 'rtl';
    fields: { name: string; label: string; value: string; data: unknown }[];
  };
  deliveries: DeliveryView[];
  withdrawn?: string;
}

/** A party's signature of an agreement, or of its resumption. */
export interface AgreementSignatureView {
  party: string;
  operator: string;
  time: string;
  entry: number;
}

/** An agreement as its parties see it (the terms' fields as `agreement.propose` takes them). */
export interface AgreementView {
  id: string;
  title: string;
  parties: string[];
  terms: string;
  separation: { horizontal_m: number; vertical_m: number; time_s: number } | null;
  status: 'proposed' | 'in-force' | 'suspended' | 'ended';
  proposed: string;
  signatures: AgreementSignatureView[];
  unsigned: string[];
  suspensions?: (AgreementSignatureView & {
    reason: string;
    resumptions: AgreementSignatureView[];
    resumed?: string;
  })[];
  awaiting_resumption?: string[];
  ended?: { party: string; operator: string; time: string; reason: string };
}

export interface MessageFilter {
  box: 'in' | 'out' | 'all';
  waiting?: boolean;
  lang?: Language;
}

/** An incident as the hub shows it to one party, with what it linked for that party. */
export interface IncidentView {
  id: string;
  party: string;
  operator: string;
  time: string;
  entry: number;
  status: 'open' | 'closed';
  concerned: boolean;
  report: Record<string, unknown>;
  steps: { kind: string; party: string; operator: string; text: string; time: string; entry: number }[];
  inquiries: { key: string; name: string; entry: number }[];
  links_entry?: number | null;
  complete?: boolean;
  links?: { entry: number; reason: string; about: string }[];
}

/** A committed entry as the event stream sends it; only its index when its stored bytes cannot be read. */
export type EntryEvent =
  | { index: number; kind: string; time: string; author: EntryAuthor; command: Record<string, unknown> }
  | { index: number; damaged: true };

// What the browser reads of the hub's answers (see /openapi.json): only the fields it shows.

export interface Session {
  token: string;
  operator: string;
  party: string;
  role: string;
}

export interface Geometry {
  type: 'Point' | 'LineString' | 'Polygon';
  coordinates: unknown[];
}

export interface Volume {
  geometry: Geometry;
  radius_m?: number;
  altitude_lower_m: number;
  altitude_upper_m: number;
  time_start: string;
  time_end: string;
}

/** The declaration as its owner wrote it; which fields are there depends on `kind`. */
export interface DeclarationBody {
  kind: 'site' | 'movement' | 'operation' | 'zone' | 'line';
  id: string;
  title: string;
  visibility?: string[];
  function?: string;
  activity?: string;
  geometry?: Geometry;
  route?: Geometry;
  radius_m?: number;
  half_width_m?: number;
  altitude_lower_m?: number;
  altitude_upper_m?: number;
  schedule?: { departure: string; speed_kmh: number } | { waypoint_times: string[] };
  volumes?: Volume[];
  vehicles?: { count: number; plates?: string[]; markings?: string };
  personnel?: number;
  armed_escort?: boolean;
  on_behalf_of?: string[];
  origin?: string;
  destination?: string;
  cargo?: string;
  contacts?: { name: string; phone?: string; radio?: string; email?: string }[];
  notes?: string;
  delay_tolerance_s?: number;
  valid_from?: string;
  valid_until?: string;
  roster?: string;
}

export interface DeclarationListing {
  id: string;
  version: number;
  kind: DeclarationBody['kind'];
  party: string;
  visibility: string[];
  valid_from: string;
  valid_until: string;
  declaration: DeclarationBody;
  /** A zone or line whose agreement is suspended: it binds nobody until the agreement is resumed. */
  suspended?: true;
}

export interface ConflictSide {
  id: string;
  version: number;
  party: string;
  roster: string;
  kind?: string;
  title?: string;
}

export interface ConflictView {
  declarations: [ConflictSide, ConflictSide];
  /** West, south, east, north, in 0.25° cells: no more precise than a party may be told. */
  area: [number, number, number, number][];
  hours: { from: string; until: string };
  /** When both are there at once, for a party that may see both; null when apart in time. */
  overlap?: { start: string; end: string } | null;
  horizontal_distance_m?: number;
  vertical_gap_m?: number;
  time_gap_s?: number;
  /** The minima the two parties are held to, told only to them. */
  minima?: { horizontal_m: number; vertical_m: number; time_s: number };
}

export type Step =
  | { kind: 'member'; operator: string }
  | { kind: 'chief'; operator: string }
  | { kind: 'party' };

export interface DeliveryView {
  recipient: string;
  party: string;
  state: 'sent' | 'delivered' | 'read' | 'acknowledged' | 'passed-on' | 'expired' | 'withdrawn';
  step: Step;
  deadline: string | null;
  acknowledged_by?: string;
  /** A repeat: the request it repeats, which is asked about for both. */
  grouped_with?: string;
  /** The repeats grouped with this delivery. */
  repeats?: { count: number; first: string; last: string };
  history: { state: string; time: string; operator?: string; step?: Step }[];
}

/** A template field in the reader's language: its value as the hub words it, and the data it was sent as. */
export interface RenderedField {
  name: string;
  type: TemplateView['fields'][number]['type'];
  label: string;
  value: string;
  data: unknown;
}

export interface MessageView {
  id: string;
  kind: 'notification' | 'coordination-request' | 'urgent-request' | 'reply';
  from: string;
  operator: string | null;
  time: string;
  message: {
    text?: string;
    action?: string;
    reply_to?: string;
    answer?: string;
    reasons?: string;
    template?: { name: string; fields: Record<string, unknown> };
  };
  rendered?: { title: string; fields: RenderedField[] };
  deliveries: DeliveryView[];
  withdrawn?: string;
}

export interface Party {
  id: string;
  name: string;
  /** The duties of its rosters, to address a message to. */
  rosters: string[];
}

/** An operator in the hub's directory, by the name its party gave it. */
export interface OperatorListing {
  id: string;
  name: string;
}

/** A hotline template as the hub lists it, in the reader's language. */
export interface TemplateView {
  name: string;
  kinds: MessageView['kind'][];
  title: string;
  /** Written by the hub itself, never composed by an officer. */
  hub_notice: boolean;
  fields: {
    name: string;
    type:
      | 'text'
      | 'position'
      | 'time'
      | 'integer'
      | 'declaration'
      | 'declarations'
      | 'area'
      | 'choice'
      | 'party';
    required: boolean;
    label: string;
    choices?: { value: string; label: string }[];
  }[];
}

/** One of the signed-in party's rosters: what a declaration names as whom to call. */
export interface RosterView {
  id: string;
  duty: string;
}

export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; reason: string }[];
  conflicts?: ConflictView[];
}

/** A live track as its owner last reported it; `id` is `<party>/<feed>:<asset>`. */
export interface TrackView {
  id: string;
  party: string;
  time: string;
  lon: number;
  lat: number;
  alt_m: number;
  ground_speed_ms: number;
  track_deg: number;
  vertical_rate_ms: number;
  /** Present, and false, when the source has not said how the track moves: speed and course are then 0. */
  velocity_known?: false;
  airborne?: boolean;
}

/** Roughly where something the party may not see is: a rounded bearing and distance from its own track or place. */
export interface AlertDirection {
  from: [number, number];
  bearing_deg: number;
  distance_m: number;
}

/** The declared place an alert concerns, where the party may see it. */
export interface AlertDeclaration {
  id: string;
  version: number;
  party: string;
  kind: string;
  volume: number | null;
}

/** Something of another party's the party may not see: whose, whom to call, roughly where. */
export interface UnseenInAlert {
  party: string;
  roster: string | null;
  direction: AlertDirection | null;
}

/** An alert as the hub told the party of it. */
export interface AlertView {
  id: string;
  kind: 'loss-of-separation' | 'intrusion' | 'non-conformance';
  time: string;
  parties: string[];
  /** The tracks the party may see, as reported when the alert began. */
  tracks: (TrackView & { airborne: boolean })[];
  /** Tracks of feeds not shared with the party. */
  unseen_tracks: UnseenInAlert[];
  prediction: {
    time_to_loss_s: number;
    closest_in_s: number;
    horizontal_miss_m: number;
    vertical_miss_m: number;
    minima: { horizontal_m: number; vertical_m: number };
  } | null;
  /** The declared place intruded on, or the operation strayed from; without an id when the party may not see it. */
  declaration: AlertDeclaration | (UnseenInAlert & { role: string }) | null;
  reason: string;
}

// What a party declares, as JSON. The schema checks structure and plain values; the geometry's
// content (ranges, rings, self-intersection) and the times are checked by readDeclaration, which
// can name every problem precisely and needs the hub's clock.
import { type Static, Type } from '@sinclair/typebox';
import { ACTIVITIES, SITE_FUNCTIONS } from './declaration-vocabulary.js';

export { ACTIVITIES, type Activity, SITE_FUNCTIONS } from './declaration-vocabulary.js';

/** A party's id, a slash, then a name of the party's choosing. */
export const OWNED_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,39}/[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';

export const DeclarationId = Type.String({
  pattern: OWNED_ID_PATTERN,
  description:
    'The declaring party’s id, a slash, then a name of its choosing (e.g. "ocha/convoy-0919"): unique ' +
    'without revealing what other parties have declared.',
});

const PartyRef = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
const Rfc3339 = Type.String({ minLength: 20, maxLength: 40, description: 'An RFC 3339 date-time.' });
const Metres = Type.Number({ description: 'Metres.' });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

/** A GeoJSON geometry; its coordinates are checked by the geometry reader, which names each problem. */
export const Geometry = Type.Object(
  {
    type: Type.Union([Type.Literal('Point'), Type.Literal('LineString'), Type.Literal('Polygon')]),
    coordinates: Type.Array(Type.Unknown(), { maxItems: 1000 }),
  },
  { additionalProperties: false, description: 'GeoJSON (RFC 7946), WGS84 longitude, latitude.' },
);
export type Geometry = Static<typeof Geometry>;

const OperationActivity = Type.Union(
  ACTIVITIES.filter((a) => a !== 'movement').map((a) => Type.Literal(a)),
  { description: 'air, ground, drone or exercise' },
);

const Band = {
  altitude_lower_m: Type.Optional(Metres),
  altitude_upper_m: Type.Optional(Metres),
};
const Validity = { valid_from: Rfc3339, valid_until: Rfc3339 };

const Contact = Type.Object(
  {
    name: Text(120),
    phone: Type.Optional(Text(40)),
    email: Type.Optional(Text(120)),
    radio: Type.Optional(Text(80, 'Radio channel or call sign.')),
  },
  { additionalProperties: false },
);

const Common = {
  id: DeclarationId,
  title: Text(200),
  visibility: Type.Array(Type.Union([PartyRef, Type.Literal('*')]), {
    maxItems: 100,
    uniqueItems: true,
    description: 'Parties besides the owner that may see it, or "*" for all.',
  }),
  on_behalf_of: Type.Optional(
    Type.Array(PartyRef, {
      maxItems: 50,
      uniqueItems: true,
      description: 'Parties this is declared for (the agencies a humanitarian office serves); they see it.',
    }),
  ),
  roster: Type.Optional(
    Text(80, 'The owner’s roster to call about it; told even to parties that may not see it.'),
  ),
  notes: Type.Optional(Text(2000)),
};

export const SiteDeclaration = Type.Object(
  {
    kind: Type.Literal('site'),
    ...Common,
    function: Type.Union(
      SITE_FUNCTIONS.map((f) => Type.Literal(f)),
      { description: SITE_FUNCTIONS.join(', ') },
    ),
    geometry: Geometry,
    radius_m: Type.Optional(Metres),
    ...Band,
    ...Validity,
    site_operator: Type.Optional(Text(200, 'Who runs the site.')),
    contacts: Type.Optional(Type.Array(Contact, { maxItems: 20 })),
  },
  {
    additionalProperties: false,
    description: 'A place that must not be hit: a point with a radius, or a polygon.',
  },
);

export const MovementDeclaration = Type.Object(
  {
    kind: Type.Literal('movement'),
    ...Common,
    route: Geometry,
    half_width_m: Metres,
    schedule: Type.Union([
      Type.Object(
        { departure: Rfc3339, speed_kmh: Type.Number({ exclusiveMinimum: 0, maximum: 1200 }) },
        { additionalProperties: false },
      ),
      Type.Object(
        { waypoint_times: Type.Array(Rfc3339, { minItems: 2, maxItems: 1000 }) },
        { additionalProperties: false, description: 'One time per route position.' },
      ),
    ]),
    delay_tolerance_s: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 86_400,
        description: 'How late each leg may run; default 1800.',
      }),
    ),
    max_stop_s: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: 86_400,
        description:
          'How long its vehicles may stand still on the way before the parties it is shown to are told; default 600.',
      }),
    ),
    max_silence_s: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 86_400,
        description:
          'How long its vehicles’ tracks may go without a report on the way before the parties it is shown to ' +
          'are told; default 300.',
      }),
    ),
    vehicles: Type.Object(
      {
        count: Type.Integer({ minimum: 1, maximum: 10_000 }),
        plates: Type.Optional(Type.Array(Text(20), { maxItems: 500 })),
        markings: Type.Optional(Text(200)),
      },
      { additionalProperties: false },
    ),
    armed_escort: Type.Boolean(),
    personnel: Type.Integer({ minimum: 0, maximum: 100_000 }),
    origin: Type.Optional(Text(200, 'Where it sets out from, by name, as the parties know the place.')),
    destination: Type.Optional(Text(200, 'Where it goes, by name.')),
    cargo: Type.Optional(Text(500, 'What it carries.')),
    contacts: Type.Optional(Type.Array(Contact, { maxItems: 20, description: 'Whom to reach on the way.' })),
    ...Band,
  },
  { additionalProperties: false, description: 'A convoy or evacuation: a route corridor and its schedule.' },
);

export const OperationVolume = Type.Object(
  {
    geometry: Geometry,
    radius_m: Type.Optional(Metres),
    altitude_lower_m: Metres,
    altitude_upper_m: Metres,
    time_start: Rfc3339,
    time_end: Rfc3339,
  },
  { additionalProperties: false },
);

export const OperationDeclaration = Type.Object(
  {
    kind: Type.Literal('operation'),
    ...Common,
    activity: OperationActivity,
    volumes: Type.Array(OperationVolume, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false, description: 'Planned flights or ground activity as 4D volumes.' },
);

export const Restriction = Type.Object(
  {
    party: PartyRef,
    activities: Type.Array(Type.Union(ACTIVITIES.map((a) => Type.Literal(a))), {
      minItems: 1,
      uniqueItems: true,
    }),
    from: Type.Optional(Rfc3339),
    until: Type.Optional(Rfc3339),
  },
  {
    additionalProperties: false,
    description: 'This party’s declarations of these activities must not enter (default: all the validity).',
  },
);

const AgreedArea = {
  ...Common,
  agreement: Type.String({ minLength: 1, maxLength: 120, description: 'The agreement it is made under.' }),
  geometry: Geometry,
  ...Band,
  ...Validity,
  restrictions: Type.Array(Restriction, { minItems: 1, maxItems: 50 }),
};

export const ZoneDeclaration = Type.Object(
  { kind: Type.Literal('zone'), ...AgreedArea, radius_m: Type.Optional(Metres) },
  { additionalProperties: false, description: 'An agreed area (polygon, or point with radius).' },
);

export const LineDeclaration = Type.Object(
  { kind: Type.Literal('line'), ...AgreedArea, half_width_m: Metres },
  { additionalProperties: false, description: 'An agreed line (LineString) with a half-width.' },
);

export const DeclarationBody = Type.Union([
  SiteDeclaration,
  MovementDeclaration,
  OperationDeclaration,
  ZoneDeclaration,
  LineDeclaration,
]);

export type DeclarationBody = Static<typeof DeclarationBody>;
export type DeclarationKind = DeclarationBody['kind'];
export const DECLARATION_KINDS: readonly DeclarationKind[] = [
  'site',
  'movement',
  'operation',
  'zone',
  'line',
];

export const Version = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'A declaration version.',
});

export const KnownConflicts = Type.Array(
  Type.Object({ declaration: DeclarationId, version: Version }, { additionalProperties: false }),
  {
    maxItems: 10_000,
    description:
      'The key: every declaration this one conflicts with, by id and version. Without all of them the ' +
      'hub answers 409 with the list.',
  },
);
export type KnownConflicts = Static<typeof KnownConflicts>;

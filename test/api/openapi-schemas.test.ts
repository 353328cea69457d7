// The API's OpenAPI document as a party's tool generator reads it, from a real hub: every shared
// schema is a component with a name (no `def-0`), the feed route's reports are TrackReports, live
// tracks and alerts are Tracks and Alerts, and the hotline templates' fields are described. The document's schemas are checked against what the hub
// really answers and takes, with ajv (a JSON Schema validator independent of the hub's TypeBox).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { aircraft, eastDeg } from '../support/aircraft.js';
import { accept, get, login, request } from '../support/api.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { until } from '../support/until.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: string[];
  description?: string;
  examples?: unknown[];
}

const REPORTS_PATH = '/v1/feeds/{party}/{name}/reports';
const TEMPLATES_PATH = '/v1/hotline/templates';
/** A JSON pointer into the document, for ajv to resolve against it. */
const pointer = (...parts: string[]) =>
  `openapi#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

describe('the OpenAPI document’s named schemas', { timeout: 60_000 }, () => {
  let hub: TestHub;
  let document: OpenApiDocument;
  let token: string;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const blue = OperatorSigner.generate();
  const red = OperatorSigner.generate();
  let redToken: string;

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Blue' },
      administrator: { id: 'blue.admin', name: 'Blue admin', public_key: blue.publicKey },
    });
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'red', name: 'Red' },
      administrator: { id: 'red.admin', name: 'Red admin', public_key: red.publicKey },
    });
    await accept(hub.url, hub.origin, blue, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    await accept(hub.url, hub.origin, red, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    token = await login(hub.url, hub.origin, blue);
    redToken = await login(hub.url, hub.origin, red);
    const reply = await get(hub.url, '/openapi.json');
    assert.equal(reply.status, 200, reply.text);
    document = reply.body as OpenApiDocument;
    // The whole document, so that its `#/components/schemas/…` references resolve as a reader's would.
    ajv.addSchema(document, 'openapi');
  });
  after(async () => {
    await hub.stop();
  });

  test('no component is named def-<n>, and every reference names a component that exists', () => {
    const names = Object.keys(document.components.schemas);
    assert.deepEqual(
      names.filter((name) => /^def-\d+$/.test(name)),
      [],
    );
    const references = JSON.stringify(document).match(/"\$ref":"[^"]*"/g) ?? [];
    assert.ok(references.length > 0);
    for (const reference of new Set(references)) {
      const name = /^"\$ref":"#\/components\/schemas\/([^"]+)"$/.exec(reference)?.[1];
      assert.ok(name && names.includes(name), `${reference} names no component`);
    }
  });

  test('the feed route takes TrackReports, a component a report the hub takes conforms to', async () => {
    const trackReport = document.components.schemas.TrackReport;
    assert.ok(trackReport, 'TrackReport is a component');
    assert.deepEqual(trackReport.required?.sort(), ['alt_m', 'id', 'lat', 'lon', 'time']);
    const body = document.paths[REPORTS_PATH]?.post?.requestBody?.content['application/json']?.schema;
    assert.equal(body?.properties?.reports?.items?.$ref, '#/components/schemas/TrackReport');

    const validReport = ajv.compile({ $ref: pointer('components', 'schemas', 'TrackReport') });
    const report = {
      id: 'b1',
      time: new Date().toISOString(),
      lon: 38,
      lat: 35,
      alt_m: 5000,
      ground_speed_ms: 200,
      track_deg: 90,
      airborne: true,
    };
    assert.ok(validReport(report), JSON.stringify(validReport.errors));
    const taken = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
      token,
      json: { reports: [report] },
    });
    assert.equal(taken.status, 200, taken.text);
    assert.deepEqual(taken.body, { accepted: 1, dropped: [] });
    // What the document refuses, the hub drops with its reason.
    const outside = { ...report, id: 'b2', lat: 95 };
    assert.equal(validReport(outside), false);
    const dropped = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
      token,
      json: { reports: [outside] },
    });
    assert.equal((dropped.body as { dropped: unknown[] }).dropped.length, 1, dropped.text);
  });

  test('live tracks and alerts are Tracks and Alerts, as the hub lists them', async () => {
    const now = Date.now();
    // Head-on, 20 km apart, closing at 400 m/s; red's feed is not shared with blue.
    await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
      token,
      json: { reports: [aircraft('b9', 40, 90, now)] },
    });
    await request(hub.url, 'POST', '/v1/feeds/red/c2/reports', {
      token: redToken,
      json: { reports: [aircraft('r9', 40 + eastDeg(20_000), 270, now)] },
    });
    const alerts = await until('an alert', async () => {
      const reply = await get(hub.url, '/v1/alerts', token);
      return (reply.body as { alerts: unknown[] }).alerts.length > 0 ? reply.body : undefined;
    });
    const tracks = (await get(hub.url, '/v1/tracks', token)).body;
    for (const [path, body, component] of [
      ['/v1/alerts', alerts, 'Alert'],
      ['/v1/tracks', tracks, 'Track'],
    ] as const) {
      const schema = document.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema;
      const listed = Object.values(schema?.properties ?? {}).find((property) => property.type === 'array');
      assert.equal(listed?.items?.$ref, `#/components/schemas/${component}`, path);
      const valid = ajv.compile({
        $ref: pointer('paths', path, 'get', 'responses', '200', 'content', 'application/json', 'schema'),
      });
      assert.ok(valid(body), `${path}: ${JSON.stringify(valid.errors)}`);
      assert.equal(valid({ [component === 'Alert' ? 'alerts' : 'tracks']: [{ id: 'x' }] }), false);
    }
    assert.ok(JSON.stringify(alerts).includes('"unseen_tracks":[{"party":"red"'), JSON.stringify(alerts));
  });

  test('the templates’ fields are described, and the hub’s answer conforms to its schema', async () => {
    const field = document.components.schemas.HotlineTemplateField;
    assert.ok(field, 'HotlineTemplateField is a component');
    for (const name of ['name', 'type', 'required', 'label'])
      assert.ok(field.properties?.[name]?.description, `field ${name} is described`);
    assert.ok(field.examples && field.examples.length > 0, 'fields have examples');
    const schema =
      document.paths[TEMPLATES_PATH]?.get?.responses['200']?.content?.['application/json']?.schema;
    assert.equal(schema?.properties?.templates?.items?.$ref, '#/components/schemas/HotlineTemplate');

    const valid = ajv.compile({
      $ref: pointer(
        'paths',
        TEMPLATES_PATH,
        'get',
        'responses',
        '200',
        'content',
        'application/json',
        'schema',
      ),
    });
    for (const lang of ['en', 'ar']) {
      const reply = await get(hub.url, `${TEMPLATES_PATH}?lang=${lang}`, token);
      assert.equal(reply.status, 200, reply.text);
      assert.ok(valid(reply.body), JSON.stringify(valid.errors));
      // Every type a real template's field has is one the document names and describes.
      const types = new Set(
        (reply.body as { templates: { fields: { type: string }[] }[] }).templates.flatMap((t) =>
          t.fields.map((f) => f.type),
        ),
      );
      for (const type of types) {
        assert.ok(field.properties?.type?.enum?.includes(type), `type ${type} is in the enum`);
        assert.match(field.properties?.type?.description ?? '', new RegExp(`\\b${type}, `));
      }
    }
    const { templates } = (await get(hub.url, TEMPLATES_PATH, token)).body as {
      templates: { fields: Record<string, unknown>[] }[];
    };
    // The schema says something: a field of a type it does not know, or without `required`, fails it.
    const first = templates[0] as { fields: Record<string, unknown>[] };
    const [one] = first.fields;
    const broken = (change: Record<string, unknown>) => ({
      templates: [{ ...first, fields: [{ ...one, ...change }] }],
    });
    assert.equal(valid(broken({ type: 'colour' })), false);
    assert.equal(valid(broken({ required: undefined })), false);
    // And its example is a template as the hub lists it.
    const example = document.components.schemas.HotlineTemplate?.examples?.[0];
    assert.ok(valid({ templates: [example] }), JSON.stringify(valid.errors));
    assert.ok(
      templates.some((t) => JSON.stringify(t) === JSON.stringify(example)),
      'the example is one of the hub’s templates',
    );
  });
});

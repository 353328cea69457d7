// The operator's basemap in Chromium (WebGL through SwiftShader): a hub given a small PMTiles archive
// of a coast (OpenMapTiles schema, written by test/support/pmtiles.ts) and one given none. Over the
// basemap, MapLibre reads the archive in byte ranges; the road a convoy's route follows is drawn
// under the route, the sea west of it and land east of it; the town is named in the reader's
// language; and after keyboard pans and zooms, a drag and a wheel, the route still lies on the road
// to within a pixel. The same coast in the Protomaps schema is drawn alike; an archive in another
// schema is refused on the map. Beyond the basemap's bounds the world outline (Natural Earth) is
// drawn, the sea in the sea's colour and the land in the land's, while within them the basemap is
// what is seen. Without a basemap, the world outline tells the same sea from the same land, its
// 1:10 m coast replacing the 1:50 m one drawn first, and the theatre's built-in places are named.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import places from '../../web/map/places-syria.json' with { type: 'json' };
import { accept } from '../support/api.js';
import { COASTAL_ROAD, TOWN, writeCoastBasemap } from '../support/coast-basemap.js';
import { iso } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { tempDir } from '../support/temp-dir.js';
import { until } from '../support/until.js';
import { admitBlueAndRed, blueAndRedSigners, keyFile } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';

const signers = blueAndRedSigners();
type Rgb = [number, number, number];
/** As web/map/ground-palette.ts draws them. */
const SEA: Rgb = [0xaa, 0xcd, 0xe3];
const LAND: Rgb = [0xf3, 0xef, 0xe6];
/** A primary road's orange: strong red, less green, little blue; unlike sea, land or a road's casing. */
const isRoad = ([r, g, b]: Rgb) => r > 210 && g > 140 && g < 215 && b < 150;
const near = (colour: Rgb, expected: Rgb) => colour.every((c, i) => Math.abs(c - (expected[i] ?? 0)) <= 8);
type Position = [number, number];
/** West of the basemap's bounds (35.4° E to 36.4° E, 34.4° N to 35.6° N): the sea off Syria. */
const BEYOND_WEST_SEA: Position = [35.1, 34.8];
/** East of them: Syria, far from any border. */
const BEYOND_EAST_LAND: Position = [36.7, 35.0];
/**
 * Within them, east of the basemap's coast but west of Natural Earth's, which runs some 12 km further
 * east there: land on the basemap, sea in the world outline.
 */
const WITHIN_BASEMAP_LAND: Position = [35.93, 34.6];
/** Off Tartus, between the two Natural Earth coasts: land at 1:10 m, sea at 1:50 m. */
const LAND_AT_10M_ONLY: Position = [35.88, 34.915];

/** Pixel colours of a screenshot of the page at the given points, decoded by the browser itself. */
async function coloursAt(page: Page, points: [number, number][]): Promise<Rgb[]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      // The browser's own, which the test's Node types do not declare.
      type Image = { width: number; height: number };
      type Context = {
        drawImage(image: Image, x: number, y: number): void;
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
      const web = globalThis as unknown as {
        createImageBitmap(blob: Blob): Promise<Image>;
        OffscreenCanvas: new (w: number, h: number) => { getContext(kind: '2d'): Context };
      };
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const image = await web.createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const context = new web.OffscreenCanvas(image.width, image.height).getContext('2d');
      context.drawImage(image, 0, 0);
      return points.map(([x, y]) => {
        const [r, g, b] = context.getImageData(Math.round(x), Math.round(y), 1, 1).data;
        return [r, g, b] as [number, number, number];
      });
    },
    { png, points },
  );
}

describe('the operator’s basemap in a browser', { timeout: 300_000 }, () => {
  const temp = tempDir();
  const archive = join(temp.path, 'coast.pmtiles');
  let withBasemap: TestHub;
  let without: TestHub;
  let browser: Browser;

  /** Signs blue in on `hub` and shows red's convoy, the map fitted to its route; `ranges` gets the
   * statuses of the answers to reads of the basemap. */
  async function convoyShown(hub: TestHub, ranges: number[] = []): Promise<Page> {
    const page = await openPicture(browser, hub.url);
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/basemap.pmtiles') ranges.push(response.status());
    });
    await signInWithKeyFile(page, keyFile(hub, 'blue.duty'));
    await page.locator('[data-zoom-window="red/convoy"]').click();
    // Seen on the ground: the convoy's own symbols are not drawn over what is looked at.
    await page.locator('[data-layer=movements]').uncheck();
    return page;
  }

  /**
   * Where the route is drawn: its points at these shares of its length in page pixels, from the SVG
   * the picture draws it with; none when the path found was replaced by the next drawing (the map
   * moved) before it was read.
   */
  const routePoints = (page: Page, shares = [0.1, 0.3, 0.5, 0.7, 0.9]) =>
    page.locator('.declaration.movement[data-id="red/convoy"] path.route').evaluate((route, shares) => {
      type Point = { x: number; y: number };
      const path = route as unknown as {
        getTotalLength(): number;
        getPointAtLength(at: number): Point;
        ownerSVGElement: { getBoundingClientRect(): { left: number; top: number } } | null;
      };
      if (!path.ownerSVGElement) return [];
      const box = path.ownerSVGElement.getBoundingClientRect();
      const length = path.getTotalLength();
      return shares.map((share) => {
        const point = path.getPointAtLength(share * length);
        return [box.left + point.x, box.top + point.y] as [number, number];
      });
    }, shares);

  /**
   * Where the map draws these positions, in page pixels: Web Mercator, scaled and placed as the
   * route's two ends (the coastal road's first and last points) are drawn; none when the route was
   * drawn again as it was read. The route must be in view whole, which is checked: ends cut off by the
   * view would not be the road's.
   */
  async function pixelsAt(page: Page, positions: Position[]): Promise<[number, number][] | undefined> {
    const [start, end] = await routePoints(page, [0, 1]);
    const [first, last] = [COASTAL_ROAD[0], COASTAL_ROAD.at(-1)];
    if (!start || !end || !first || !last) return undefined;
    const radians = (degrees: number) => (degrees * Math.PI) / 180;
    const mercatorY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + radians(lat) / 2));
    const perRadian = (end[1] - start[1]) / (mercatorY(first[1]) - mercatorY(last[1]));
    const x = (lon: number) => start[0] + perRadian * radians(lon - first[0]);
    assert.ok(Math.abs(x(last[0]) - end[0]) < 2, 'the route is in view whole, from end to end');
    return positions.map(([lon, lat]) => [
      x(lon),
      start[1] - perRadian * (mercatorY(lat) - mercatorY(first[1])),
    ]);
  }

  /** Whether the page's pixel at each position is the colour given with it. */
  async function drawnAt(page: Page, expected: [Position, Rgb][]): Promise<boolean> {
    const pixels = await pixelsAt(
      page,
      expected.map(([position]) => position),
    );
    if (!pixels) return false;
    const colours = await coloursAt(page, pixels);
    return expected.every(([, colour], i) => colours[i] !== undefined && near(colours[i], colour));
  }

  /**
   * Whether MapLibre drew the road under every point of the route in clear view (at least two),
   * within a pixel of where the SVG draws it.
   */
  async function routeOnRoad(page: Page): Promise<boolean> {
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(map);
    // Clear of the map's edges, of its buttons (top left) and of the notices along its top.
    const clear = ([x, y]: [number, number]) =>
      x > map.x + 60 && x < map.x + map.width - 30 && y > map.y + 90 && y < map.y + map.height - 30;
    const points = (await routePoints(page)).filter(clear);
    if (points.length < 2) return false;
    const around = points.flatMap(([x, y]) =>
      [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => [x + dx, y + dy] as [number, number])),
    );
    const colours = await coloursAt(page, around);
    return points.every((_, i) => colours.slice(i * 9, i * 9 + 9).some(isRoad));
  }

  /** Sea 150 px west of the route's middle, land 150 px east of it. */
  async function seaWestLandEast(page: Page): Promise<boolean> {
    const [, , middle] = await routePoints(page);
    if (!middle) return false;
    const [x, y] = middle;
    const [west, east] = await coloursAt(page, [
      [x - 150, y],
      [x + 150, y],
    ]);
    return west !== undefined && east !== undefined && near(west, SEA) && near(east, LAND);
  }

  /** Blue and red on `hub`, and red's convoy along the coastal road, shown to blue. */
  async function declareConvoy(hub: TestHub): Promise<void> {
    await admitBlueAndRed(hub, signers);
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: {
        kind: 'movement',
        id: 'red/convoy',
        title: 'Coastal convoy',
        visibility: ['blue'],
        route: { type: 'LineString', coordinates: COASTAL_ROAD },
        half_width_m: 200,
        schedule: { departure: iso(Date.now() + 60_000), speed_kmh: 40 },
        vehicles: { count: 4 },
        personnel: 8,
        armed_escort: false,
      },
      known_conflicts: [],
    });
  }

  before(async () => {
    await buildWeb();
    writeCoastBasemap(archive, 'openmaptiles');
    [withBasemap, without, browser] = await Promise.all([
      startTestHub({ basemap: archive }),
      startTestHub(),
      launchChromium(),
    ]);
    for (const hub of [withBasemap, without]) await declareConvoy(hub);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([withBasemap?.stop(), without?.stop()]);
    temp.remove();
  });

  test('the convoy’s route lies on the basemap’s road, between the sea and the land, as the map moves', async () => {
    const ranges: number[] = [];
    const page = await convoyShown(withBasemap, ranges);
    await until('the road drawn under the route', () => routeOnRoad(page), 30_000);
    assert.ok(await seaWestLandEast(page), 'the sea west of the coastal road, land east of it');
    assert.ok(ranges.length >= 2 && ranges.every((status) => status === 206), `ranges: ${ranges}`);
    assert.equal(
      await page.locator('.map-attribution').textContent(),
      '© OpenStreetMap contributors · Natural Earth',
    );
    await screenshot(page, 'basemap-01-coastal-road');

    // The town is named from the tiles, in the SVG with the browser's fonts, and in Arabic in Arabic.
    const town = page.locator('.layer.places .place text', { hasText: TOWN.name });
    await until('the town named', async () => (await town.count()) === 1);
    await page.locator('select.language').selectOption('ar');
    await until('the town named in Arabic', async () =>
      (await page.locator('.layer.places .place text').allTextContents()).includes(TOWN.arabic),
    );
    await screenshot(page, 'basemap-02-town-in-arabic');
    await page.locator('select.language').selectOption('en');

    // From the keyboard, then with the mouse: the route stays on the road within a pixel.
    await page.locator('svg.map').focus();
    for (const key of ['ArrowLeft', 'ArrowUp', '+', '+', 'ArrowRight', '-']) {
      await page.keyboard.press(key);
      await until(`the route on the road after ${key}`, () => routeOnRoad(page), 30_000);
    }
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(map);
    const [cx, cy] = [map.x + map.width / 2, map.y + map.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 120, cy + 60, { steps: 8 });
    await page.mouse.up();
    await until('the route on the road after a drag', () => routeOnRoad(page), 30_000);
    await page.mouse.wheel(0, -300);
    await until('the route on the road after the wheel', () => routeOnRoad(page), 30_000);
    await screenshot(page, 'basemap-03-moved-and-zoomed');
    await page.context().close();
  });

  test('beyond the basemap’s bounds the world outline tells the sea from the land; within them the basemap is drawn', async () => {
    const page = await convoyShown(withBasemap);
    await until('the road drawn under the route', () => routeOnRoad(page), 30_000);
    // Zoomed out until the bounds' west and east edges are in clear view, the route whole within.
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(map);
    const clear = ([x, y]: [number, number]) =>
      x > map.x + 60 && x < map.x + map.width - 30 && y > map.y + 90 && y < map.y + map.height - 30;
    await page.locator('svg.map').focus();
    for (let presses = 0; ; presses++) {
      const seen = await until('the route read', () =>
        pixelsAt(page, [BEYOND_WEST_SEA, BEYOND_EAST_LAND, WITHIN_BASEMAP_LAND]),
      );
      if (seen.every(clear)) break;
      assert.ok(presses < 4, `zoomed out ${presses} times, the bounds still not in view: ${seen}`);
      await page.keyboard.press('-');
    }
    await until(
      'the sea and the land beyond the bounds, the basemap’s land within them',
      () =>
        drawnAt(page, [
          [BEYOND_WEST_SEA, SEA],
          [BEYOND_EAST_LAND, LAND],
          [WITHIN_BASEMAP_LAND, LAND],
        ]),
      30_000,
    );
    await screenshot(page, 'basemap-08-beyond-the-bounds');
    await page.context().close();
  });

  test('without a basemap, the world outline tells the sea from the land, its 1:10 m coast replacing the 1:50 m one, with the built-in places', async () => {
    const ranges: number[] = [];
    const page = await convoyShown(without, ranges);
    await until('the sea west of the road and land east of it', () => seaWestLandEast(page), 30_000);
    assert.equal(await page.locator('.map-attribution').textContent(), 'Natural Earth');
    assert.deepEqual(ranges, [], 'no basemap is asked for');
    await until('the coast at 1:10 m', () => drawnAt(page, [[LAND_AT_10M_ONLY, LAND]]), 30_000);
    await screenshot(page, 'basemap-04-world-outline');
    // Northern Syria about the convoy, named from the built-in list.
    await page.locator('svg.map').focus();
    for (const key of ['-', '-']) await page.keyboard.press(key);
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(map);
    const builtIn = new Set(places.places.map((place) => place.name.en));
    let inView = 0;
    for (const label of await page.locator('.layer.places .place text').all()) {
      assert.ok(builtIn.has((await label.textContent()) ?? ''));
      const box = await label.boundingBox();
      if (box && box.x > map.x && box.x < map.x + map.width && box.y > map.y && box.y < map.y + map.height)
        inView++;
    }
    assert.ok(inView >= 5, `${inView} places named in view`);
    await screenshot(page, 'basemap-05-world-outline-theatre');
    await page.context().close();
  });
  test('an archive in the Protomaps schema is drawn alike; one in another schema is refused on the map', async () => {
    for (const schema of ['protomaps', 'unknown'] as const) {
      const path = join(temp.path, `${schema}.pmtiles`);
      writeCoastBasemap(path, schema);
      const hub = await startTestHub({ basemap: path });
      try {
        await declareConvoy(hub);
        const page = await convoyShown(hub);
        const refused = page.locator('[data-test=basemap-refused]');
        await until(`the ground drawn from the ${schema} archive`, () => seaWestLandEast(page), 30_000);
        if (schema === 'protomaps') {
          await until('the road drawn under the route', () => routeOnRoad(page), 30_000);
          await until('the town named', async () =>
            (await page.locator('.layer.places .place text').allTextContents()).includes(TOWN.name),
          );
          assert.ok(await refused.isHidden());
          await screenshot(page, 'basemap-06-protomaps');
        } else {
          // Said, and the world outline drawn instead, rather than a blank map.
          assert.match(
            (await refused.textContent()) ?? '',
            /follow no schema this picture knows .*layers: lines/,
          );
          assert.equal(await page.locator('.map-attribution').textContent(), 'Natural Earth');
          await screenshot(page, 'basemap-07-unknown-schema');
        }
        await page.context().close();
      } finally {
        await hub.stop();
      }
    }
  });
});

// Every list the API serves comes a page at a time: following `next` from the first page lists each
// item exactly once, even when items are added between two pages; a page is never larger than its
// limit; a cursor the hub did not give is refused with a problem naming it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, addOperators, assertProblem, get, login, request } from '../support/api.js';
import { site } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';

// Kept positions are written every second, so that the history has them at once.
process.env.DECONFLICT_TRACK_ARCHIVE_EVERY_S = '1';

const admin = OperatorSigner.generate();

describe('paging of the API’s lists', { timeout: 120_000 }, () => {
  let hub: TestHub;
  let token: string;

  /** Follows `next` from `path`; between the first two pages, `between` may change the list. */
  async function everyPage(path: string, field: string, limit: number, between?: () => Promise<void>) {
    const items: { id: string }[] = [];
    let pages = 0;
    for (let next: string | undefined = path; next !== undefined; pages++) {
      const reply = await get(hub.url, next, token);
      assert.equal(reply.status, 200, reply.text);
      const page = reply.body as Record<string, { id: string }[]> & { next?: string };
      assert.ok((page[field]?.length ?? 0) <= limit, `${next}: more than ${limit}`);
      items.push(...(page[field] ?? []));
      next = page.next;
      if (pages === 0) await between?.();
    }
    return { ids: items.map((item) => item.id), pages };
  }

  before(async () => {
    hub = await startTestHub();
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: 'blue', name: 'Party blue' },
      administrator: { id: 'blue.admin', name: 'blue admin', public_key: admin.publicKey },
    });
    for (let i = 0; i < 6; i++)
      await accept(hub.url, hub.origin, hub.admin, 'party.create', {
        party: { id: `party-${i}`, name: `Party ${i}` },
        administrator: {
          id: `party-${i}.admin`,
          name: 'admin',
          public_key: OperatorSigner.generate().publicKey,
        },
      });
    await addOperators(hub.url, hub.origin, admin, 9, 'blue.op');
    await accept(hub.url, hub.origin, admin, 'feed.set', { feed: { name: 'c2', kind: 'api' } });
    token = await login(hub.url, hub.origin, admin);
  });
  after(async () => {
    await hub.stop();
  });

  test('live tracks, page by page, each once', async () => {
    const now = Date.now();
    const ids = Array.from({ length: 25 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const posted = await request(hub.url, 'POST', '/v1/feeds/blue/c2/reports', {
      token,
      json: {
        reports: ids.map((id, i) => ({
          id,
          time: new Date(now).toISOString(),
          lon: 36 + i * 0.1,
          lat: 35,
          alt_m: 0,
        })),
      },
    });
    assert.equal(posted.status, 200, posted.text);
    const listed = await everyPage('/v1/tracks?limit=10', 'tracks', 10);
    assert.equal(listed.pages, 3);
    assert.deepEqual(
      listed.ids,
      ids.map((id) => `blue/c2:${id}`),
    );
    // Their kept positions, by time then as stored: all at one time here, so the store's order decides.
    const window = `from=${new Date(now - 60_000).toISOString()}&until=${new Date(now + 60_000).toISOString()}`;
    const history = async () => (await everyPage(`/v1/tracks/history?${window}&limit=7`, 'fixes', 7)).ids;
    let kept = await history();
    for (const deadline = Date.now() + 15_000; kept.length < ids.length && Date.now() < deadline; )
      kept = await new Promise((resolve) => setTimeout(resolve, 200)).then(history);
    assert.deepEqual(kept.sort(), listed.ids);
  });

  test('parties, operators and feeds, page by page, each once', async () => {
    const parties = await everyPage('/v1/parties?limit=3', 'parties', 3);
    assert.deepEqual(parties.ids, [
      'blue',
      'hub',
      'party-0',
      'party-1',
      'party-2',
      'party-3',
      'party-4',
      'party-5',
    ]);
    assert.equal(parties.pages, 3);
    const operators = await everyPage('/v1/operators?party=blue&limit=4', 'operators', 4);
    assert.equal(operators.ids.length, 10);
    assert.equal(new Set(operators.ids).size, 10);
    assert.deepEqual(operators.ids, [...operators.ids].sort());
    const feeds = await everyPage('/v1/feeds?limit=1', 'feeds', 1);
    assert.deepEqual(feeds.ids, ['blue/c2']);
  });

  test('a declaration added between two pages moves no other one: each is listed once', async () => {
    const now = Date.now();
    const declare = (name: string, lon: number) =>
      accept(hub.url, hub.origin, admin, 'declaration.submit', {
        declaration: site(`blue/${name}`, [lon, 30], 100, now, 48),
        known_conflicts: [],
      });
    for (const [i, name] of ['b', 'd', 'f', 'h', 'j'].entries()) await declare(name, 30 + i);
    const listed = await everyPage('/v1/declarations?limit=2', 'declarations', 2, async () => {
      await declare('a', 40);
      await declare('k', 41);
    });
    // 'a' sorts before the first page's cursor: it is on no later page; 'k' comes last.
    assert.deepEqual(listed.ids, ['blue/b', 'blue/d', 'blue/f', 'blue/h', 'blue/j', 'blue/k']);
    const whole = await everyPage('/v1/declarations?limit=4', 'declarations', 4);
    assert.deepEqual(whole.ids, ['blue/a', 'blue/b', 'blue/d', 'blue/f', 'blue/h', 'blue/j', 'blue/k']);
  });

  test('a cursor the hub did not give, or a page too large, is refused with the parameter named', async () => {
    const forged = await get(hub.url, '/v1/tracks?after=bm90LWpzb24', token);
    assertProblem(forged, 400);
    assert.deepEqual(
      (forged.body as { errors: { field: string }[] }).errors.map((e) => e.field),
      ['querystring:after'],
    );
    assertProblem(await get(hub.url, '/v1/tracks?limit=10001', token), 400);
    assertProblem(await get(hub.url, '/v1/parties?limit=0', token), 400);
  });
});

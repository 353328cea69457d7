// Every view an officer reaches, checked by axe-core in Chromium against a real hub for the WCAG 2.1
// A and AA rules: the sign-in page, the picture in English (with the map as a list shown over it) and
// in Arabic (right to left), the declare form, the hotline with a message being written, one received
// opened and those sent with their deliveries, the urgent banner and what the record badge checked.
// A violation axe rates serious or critical fails the view, named by its rule, its impact and the
// elements it was found on. And the urgent banner, an ARIA alert, is not changed (so not read out
// again) when it is drawn again the same. And every name, title, text and id a party wrote, Arabic
// in English or English in Arabic, is isolated from the words about it (a <bdi>, dir=auto, or Unicode
// isolates), in every view, so that neither reorders the other.
import assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.js';
import { accept, get, login } from '../support/api.js';
import { operation } from '../support/declarations.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { admitBlueAndRed, blueAndRedSigners, keyFile, sendToOther } from './blue-and-red.js';
import { launchChromium, openPicture, screenshot, signInWithKeyFile } from './browser.js';
import { HOSPITAL, reportTrack, watchBlueAndRed } from './live-feed.js';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const signers = blueAndRedSigners();

/** What the parties wrote, in both scripts, and the ids and names the views show. */
const ARABIC_TITLE = 'دورية النهر الشرقية';
const ARABIC_TEXT = 'تعبر القافلة الجسر عند الساعة 14:00 من جهة الغرب.';
const WRITTEN = [
  ARABIC_TITLE,
  ARABIC_TEXT,
  'Blue field hospital',
  'The crossing at Tall Abyad opens at 14:00.',
  'Convoy 7 crosses the bridge at 14:00.',
  'Stop: our patrol is at the bridge.',
  'Blue Force',
  'Red Force',
  'blue.duty',
  'blue/hospital',
];

/**
 * Each place in the page's text where one of `written` is shown without being isolated: neither the
 * whole of an element that isolates its text (computed unicode-bidi isolate or plaintext, as <bdi>
 * and dir attributes give), nor between a Unicode isolate (FSI, LRI or RLI) and its PDI. The words of
 * a select's options and of SVG tooltips are the browser's to lay out, and are left out. Runs in the
page, whole: no functions inside it.
 */
function unisolated(written: string[]): string[] {
  const page = globalThis as unknown as {
    document: { body: unknown; createTreeWalker(root: unknown, show: number): { nextNode(): unknown } };
    getComputedStyle(element: unknown): { unicodeBidi: string };
  };
  interface Element {
    tagName: string;
    textContent: string;
    parentElement: Element | null;
    closest(selector: string): Element | null;
  }
  const SHOW_TEXT = 4;
  const walker = page.document.createTreeWalker(page.document.body, SHOW_TEXT);
  const found: string[] = [];
  // Without the marks and quotes that set a name apart.
  const marks = /[\u2066-\u2069“”"]/g;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const { data, parentElement: parent } = node as { data: string; parentElement: Element | null };
    if (!parent || parent.closest('option, title, script, style')) continue;
    for (const text of written) {
      for (let at = data.indexOf(text); at >= 0; at = data.indexOf(text, at + 1)) {
        const before = data.slice(0, at).replace(/“$/, '');
        const after = data.slice(at + text.length).replace(/^”/, '');
        if (/[\u2066-\u2068]$/.test(before) && after.startsWith('\u2069')) continue;
        const bidi = page.getComputedStyle(parent).unicodeBidi;
        if (
          ['isolate', 'plaintext', 'isolate-override'].includes(bidi) &&
          // A declaration is named by its id and version, one name.
          parent.textContent.replace(marks, '').trim().replace(/@\d+$/, '') === text
        )
          continue;
        found.push(
          `“${text}” in <${parent.tagName.toLowerCase()}>: ${parent.textContent.replace(marks, '').trim().slice(0, 80)}`,
        );
      }
    }
  }
  return found;
}

/** What axe finds on the page as it is now, one line each: rule, impact, what it asks, where. */
async function violations(page: Page): Promise<{ serious: string[]; lesser: string[] }> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const line = (violation: (typeof violations)[number]) =>
    `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
      .map((node) => node.target.join(' '))
      .join(', ')}`;
  const serious = (violation: (typeof violations)[number]) =>
    violation.impact === 'serious' || violation.impact === 'critical';
  return {
    serious: violations.filter(serious).map(line),
    lesser: violations.filter((violation) => !serious(violation)).map(line),
  };
}

/** Fails on any serious or critical violation; those of lesser impact are told in the test's output. */
async function assertAccessible(context: TestContext, page: Page, view: string): Promise<void> {
  await screenshot(page, `accessibility-${view}`);
  const { serious, lesser } = await violations(page);
  for (const found of lesser) context.diagnostic(found);
  assert.deepEqual(serious, [], `${view}:\n${serious.join('\n')}`);
}

describe('the picture for every officer, checked by axe', { timeout: 300_000 }, () => {
  let hub: TestHub;
  let browser: Browser;
  let blue: Page;

  before(async () => {
    await buildWeb();
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    await admitBlueAndRed(hub, signers);
    await watchBlueAndRed(hub, signers);
    await sendToOther(hub, signers, 'red', {
      id: 'red/crossing',
      kind: 'notification',
      text: 'The crossing at Tall Abyad opens at 14:00.',
    });
    blue = await openPicture(browser, hub.url);
  });
  after(async () => {
    await browser?.close();
    await hub?.stop();
  });

  test('the sign-in page', async (t) => {
    await blue.locator('[data-test=key-file]').waitFor({ state: 'attached' });
    await assertAccessible(t, blue, 'sign-in');
  });

  test('the picture in English, with a live track and an open alert', async (t) => {
    await signInWithKeyFile(blue, keyFile(hub, 'blue.duty'));
    await reportTrack(hub, signers['blue.duty'], 'blue', { id: 'b1', lon: 38.6, lat: 35.6, airborne: true });
    await reportTrack(hub, signers['red.duty'], 'red', {
      id: 'g2',
      lon: HOSPITAL[0] + 0.005,
      lat: HOSPITAL[1],
    });
    await blue.locator('[data-track="blue/c2:b1"]').waitFor();
    await blue.locator('.alert-item.kind-intrusion').waitFor();
    // With the map as a list shown over it, so that its words are checked as drawn.
    await blue.locator('[data-test=map-as-list-toggle]').click();
    await assertAccessible(t, blue, 'picture-english');
    await blue.locator('[data-test=map-as-list-toggle]').click();
  });

  test('the picture in Arabic, right to left', async (t) => {
    await blue.locator('select.language').selectOption('ar');
    await blue.locator('html[dir=rtl][lang=ar]').waitFor({ state: 'attached' });
    await assertAccessible(t, blue, 'picture-arabic');
    await blue.locator('select.language').selectOption('en');
  });

  test('the declare tab with its form open', async (t) => {
    await blue.locator('[data-tab=declare]').click();
    await blue.locator('[data-draw=polygon]').click();
    await blue.locator('.declare-form').waitFor();
    await assertAccessible(t, blue, 'declare-form');
    await blue.locator('.declare-form button:not([type=submit])', { hasText: 'Cancel' }).click();
  });

  test('the hotline with a received message opened and a new message being written', async (t) => {
    await blue.locator('[data-tab=hotline]').click();
    await blue.locator('.message[data-message="red/crossing"]').click();
    await blue.locator('.message[data-message="red/crossing"] .delivery.state-read').waitFor();
    await blue.locator('[data-test=new-message]').click();
    await blue.locator('.composer').waitFor();
    await assertAccessible(t, blue, 'hotline');
  });

  test('the hotline’s outgoing messages, one acknowledged', async (t) => {
    await sendToOther(hub, signers, 'blue', {
      id: 'blue/convoy',
      kind: 'notification',
      text: 'Convoy 7 crosses the bridge at 14:00.',
    });
    const token = await login(hub.url, hub.origin, signers['red.duty']);
    const { deliveries } = (await get(hub.url, '/v1/messages/blue/convoy', token)).body as {
      deliveries: { party: string; recipient: string }[];
    };
    const recipient = deliveries.find((delivery) => delivery.party === 'red')?.recipient;
    await accept(hub.url, hub.origin, signers['red.duty'], 'delivery.receipt', {
      message: 'blue/convoy',
      recipient,
      state: 'acknowledged',
    });
    await blue.locator('[data-box=out]').click();
    await blue.locator('.message[data-message="blue/convoy"] .delivery.state-acknowledged').waitFor();
    await assertAccessible(t, blue, 'hotline-outgoing');
  });

  test('the urgent banner', async (t) => {
    await sendToOther(hub, signers, 'red', {
      id: 'red/stop',
      kind: 'urgent-request',
      action: 'stop',
      text: 'Stop: our patrol is at the bridge.',
    });
    await blue.locator('.urgent-banner:not([hidden])').waitFor();
    await assertAccessible(t, blue, 'urgent-banner');
  });

  test('the banner drawn again unchanged is not read out again', async () => {
    // Counts what changes inside the banner, an ARIA alert a screen reader reads out on each change;
    // a countdown ticks inside a timer, which is not read out as it ticks.
    await blue.evaluate(() => {
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): unknown };
        MutationObserver: new (
          callback: (records: unknown[]) => void,
        ) => { observe(target: unknown, options: Record<string, boolean>): void };
        bannerChanges: number;
      };
      page.bannerChanges = 0;
      new page.MutationObserver((records) => {
        const outsideTimers = records.filter((record) => {
          const target = (record as { target: { parentElement: { closest(s: string): unknown } | null } })
            .target;
          const element =
            'closest' in target
              ? (target as unknown as { closest(s: string): unknown })
              : target.parentElement;
          return !element?.closest('[role=timer]');
        });
        page.bannerChanges += outsideTimers.length;
      }).observe(page.document.querySelector('.urgent-banner'), {
        childList: true,
        subtree: true,
        characterData: true,
      });
    });
    // Something for the hotline to show, drawing the panel and the banner again.
    await sendToOther(hub, signers, 'blue', {
      id: 'blue/fuel',
      kind: 'notification',
      text: 'Fuel at 16:00.',
    });
    await blue.locator('.message[data-message="blue/fuel"]').waitFor();
    assert.equal(
      await blue.evaluate(() => (globalThis as unknown as { bannerChanges: number }).bannerChanges),
      0,
    );
  });

  test('what the record badge checked, opened', async (t) => {
    await blue.locator('.record-badge.verified').waitFor();
    await blue.locator('[data-test=record-badge]').click();
    await blue.locator('[data-test=record-details]').waitFor();
    await assertAccessible(t, blue, 'record-details');
  });

  test('what the parties wrote is isolated in every view, in Arabic and in English', async () => {
    await accept(hub.url, hub.origin, signers['red.duty'], 'declaration.submit', {
      declaration: operation('red/river-patrol', [39.5, 35.2], 0.1, Date.now() - 60_000, 4, {
        title: ARABIC_TITLE,
        visibility: ['*'],
      }),
      known_conflicts: [],
    });
    await sendToOther(hub, signers, 'red', { id: 'red/bridge', kind: 'notification', text: ARABIC_TEXT });
    await blue.keyboard.press('Escape');
    const views: [string, () => Promise<void>][] = [
      [
        'the picture, with the map as a list',
        async () => {
          await blue.locator('[data-tab=picture]').click();
          await blue.locator('[data-declaration="red/river-patrol"]').waitFor();
          await blue.locator('[data-test=map-as-list-toggle]').click();
        },
      ],
      [
        'the hotline’s inbox',
        async () => {
          await blue.locator('[data-test=map-as-list-toggle]').click();
          await blue.locator('[data-tab=hotline]').click();
          await blue.locator('[data-box=in]').click();
          await blue.locator('.message[data-message="red/bridge"]').waitFor();
        },
      ],
      [
        'the hotline’s sent messages',
        async () => {
          await blue.locator('[data-box=out]').click();
          await blue.locator('.message[data-message="blue/convoy"]').waitFor();
        },
      ],
      [
        'an own declaration opened to amend',
        async () => {
          await blue.locator('[data-tab=picture]').click();
          await blue.locator('[data-amend="blue/hospital"]').click();
          await blue.locator('[data-test=withdraw]').waitFor();
        },
      ],
    ];
    for (const language of ['ar', 'en']) {
      await blue.locator('select.language').selectOption(language);
      await blue.locator(`html[lang=${language}]`).waitFor({ state: 'attached' });
      for (const [view, open] of views) {
        await open();
        const found = await blue.evaluate(unisolated, WRITTEN);
        assert.deepEqual(found, [], `${language}, ${view}:\n${found.join('\n')}`);
        if (language === 'ar') await screenshot(blue, `bidi-${view.replace(/\W+/g, '-')}`);
      }
    }
  });
});

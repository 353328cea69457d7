// Debian's Chromium driven by playwright-core: headless, no GPU, no sandbox (CI runs as root), and
// sound allowed without a gesture so the urgent alarm runs as it would after a click.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** A page at the hub's root, 1440×900, reporting page errors to the test's output. */
export async function openPicture(browser: Browser, hubUrl: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(hubUrl);
  return page;
}

/** Imports a PEM key file on the sign-in page and waits for the picture. */
export async function signInWithKeyFile(page: Page, keyPath: string): Promise<void> {
  await page.locator('[data-test=key-file]').setInputFiles(keyPath);
  await page.locator('[data-test=who]').waitFor();
}

/**
 * Where the map shows its places: what changes on the page when the map pans or zooms. (The ground
 * itself is a WebGL canvas; the places are drawn in the SVG above it, from the same camera.)
 */
export async function placesShown(page: Page): Promise<string> {
  return (await page
    .locator('.layer.places .place')
    .evaluateAll((places) => places.map((place) => place.getAttribute('transform')).join(' '))) as string;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** One property of an element's computed style, e.g. `strokeDasharray`, `unicodeBidi`. */
export async function computedStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => {
    const view = (element as unknown as { ownerDocument: { defaultView: unknown } }).ownerDocument
      .defaultView as { getComputedStyle(e: unknown): Record<string, string> };
    return view.getComputedStyle(element)[name] ?? '';
  }, property);
}

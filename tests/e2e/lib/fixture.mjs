// What every spec file needs: the built site served on loopback and one headless Chromium,
// started before its tests and stopped after them, and the app opened on its first demo.
import { before, after } from "node:test";
import { env, launchBrowser, openPage } from "./browser.mjs";
import { serveSite } from "./server.mjs";
import { waitForTraces } from "./app.mjs";

/**
 * Registers `before` and `after` hooks that serve the built site (unless `serve` is false, for
 * a spec that serves it its own way) and launch Chromium. Returns a holder whose `site` and
 * `browser` are set once the hooks have run.
 */
export function useSiteAndBrowser({ serve = true } = {}) {
  const fixture = { site: undefined, browser: undefined };
  before(async () => {
    if (serve) fixture.site = await serveSite(env.dist);
    fixture.browser = await launchBrowser();
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.site?.close();
  });
  return fixture;
}

/**
 * Opens a page of the app (see `openPage` for what it returns) and waits until the demo study
 * it opens on has drawn its traces.
 */
export async function openApp(fixture, options) {
  const opened = await openPage(fixture.browser, options);
  await opened.page.goto(fixture.site.url);
  await waitForTraces(opened.page);
  return opened;
}

// Static hosting: the built site works under a sub-path and keeps working offline after one visit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { env, saveScreenshot } from "../lib/browser.mjs";
import { serveSite } from "../lib/server.mjs";
import { inkedPixels, waitForTraces } from "../lib/app.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const SUB_PATH = "/clinic/tools/edxview/";

// This spec serves the site itself, under a sub-path, and stops the server half-way.
const fixture = useSiteAndBrowser({ serve: false });

test("the site works under a sub-path and offline after the first visit", async () => {
  const site = await serveSite(env.dist, { basePath: SUB_PATH });
  const { context, page, consoleErrors } = await openApp({ browser: fixture.browser, site });
  assert.ok((await inkedPixels(page)) > 2000, "traces drawn under the sub-path");
  const outsideSubPath = site.requests.filter((request) => !request.path.startsWith(SUB_PATH));
  assert.deepEqual(outsideSubPath, [], "every request stayed under the sub-path");
  await saveScreenshot(page, "hosting-sub-path");

  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await site.close();
  await page.reload();
  assert.ok((await waitForTraces(page)) > 2000, "traces drawn offline from the service worker's cache");
  await saveScreenshot(page, "hosting-offline");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

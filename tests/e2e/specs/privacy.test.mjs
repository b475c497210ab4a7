// The privacy promise, proven: open real recordings through the file input and check that every
// request the page made was a GET of a file of the built site, on its own origin, with no body.
import { test } from "node:test";
import assert from "node:assert/strict";
import { env, saveScreenshot, sharedFile } from "../lib/browser.mjs";
import { siteUrlPaths } from "../lib/server.mjs";
import { findPrivacyViolations } from "../lib/privacy.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

test("opening real recordings sends nothing anywhere", async () => {
  const files = [
    await sharedFile("physionet-emgdb/emg_healthy.hea"),
    await sharedFile("physionet-emgdb/emg_healthy.dat"),
    await sharedFile("edfreader-r/edfPlusC.edf"),
  ];
  const { context, page, consoleErrors, requests } = await openApp(fixture);
  await page.getByTestId("file-input").setInputFiles(files);
  await page.getByTestId("signal-viewer").waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("[data-testid=opened-file]")].every((item) => !item.textContent.includes("reading")));
  await page.waitForLoadState("networkidle");
  await saveScreenshot(page, "privacy-opened-files");

  const { site } = fixture;
  const sitePaths = await siteUrlPaths(env.dist);
  const serverRequests = site.requests.map((request) => ({ ...request, url: site.origin + request.path }));
  assert.deepEqual(findPrivacyViolations(requests, { origin: site.origin, sitePaths }), [], "browser-side request log");
  assert.deepEqual(findPrivacyViolations(serverRequests, { origin: site.origin, sitePaths }), [], "server-side request log");
  assert.ok(requests.length > 0 && serverRequests.length > 0, "the request logs recorded the page loading");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

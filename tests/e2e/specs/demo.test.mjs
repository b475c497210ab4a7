// The first-time visitor's path: the page opens on a demo study with real traces drawn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { env, saveScreenshot } from "../lib/browser.mjs";
import { canvasFingerprint, firstTraceMs, inkedPixels } from "../lib/app.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";
import { findPrivacyViolations } from "../lib/privacy.mjs";
import { siteUrlPaths } from "../lib/server.mjs";

const fixture = useSiteAndBrowser();

test("the page opens on the demo study and draws its traces", async () => {
  const { context, page, consoleErrors } = await openApp(fixture);
  const inked = await inkedPixels(page);
  const elapsedMs = await firstTraceMs(page);
  console.log(`time to first drawn trace: ${elapsedMs.toFixed(0)} ms after navigation start`);
  await saveScreenshot(page, "demo-study");

  assert.match(await page.getByTestId("study-title").textContent(), /Median motor/);
  assert.match(await page.getByTestId("privacy-statement").textContent(), /on this device only/);
  assert.ok(inked > 2000, `the trace canvas has only ${inked} inked pixels`);
  const label = await page.getByTestId("marker-overlay").first().getAttribute("aria-label");
  assert.match(label, /negative up/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("changing the sensitivity redraws the traces", async () => {
  const { context, page, consoleErrors } = await openApp(fixture);
  const before = await canvasFingerprint(page);
  const sensitivity = page.getByTestId("sensitivity").first();
  await sensitivity.focus();
  await sensitivity.selectOption({ label: "2 mV/div" });
  await page.waitForFunction((previous) => {
    const canvas = document.querySelector("[data-testid=trace-canvas]");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let hash = 2166136261;
    for (let offset = 0; offset < data.length; offset += 16) hash = Math.imul(hash ^ data[offset], 16777619);
    return hash >>> 0 !== previous;
  }, before);
  assert.notEqual(await canvasFingerprint(page), before);
  await saveScreenshot(page, "demo-study-2mv-per-div");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("every measurement downloads as CSV, made on the device", async () => {
  const { context, page, consoleErrors, requests } = await openApp(fixture);
  const before = requests.length;
  await page.locator("details.report-download summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
  assert.match(download.suggestedFilename(), /measurements\.csv$/);
  const path = await download.path();
  const text = (await import("node:fs")).readFileSync(path, "utf8");
  const lines = text.trim().split("\n");
  assert.equal(lines[0], "section,nerve_or_muscle,side,study,recording_site,place,measure,value,unit,normal_limit,abnormal,limit_source,value_from,basis");
  assert.equal(lines[1], "nerve conduction,Median,Right,motor,APB,Wrist,distance,70,mm,,,,file,");
  assert.match(lines[2], /^nerve conduction,Median,Right,motor,APB,Wrist,onset latency,\d\.\d\d,ms,≤ 4\.4 ms,no,"Preston DC, Shapiro BE\..*",automatic markers,$/);
  assert.ok(lines.some((line) => /^nerve conduction,Median,Right,motor,APB,Wrist – Elbow,conduction velocity,\d+,m\/s,≥ 49 m\/s,no,/.test(line)), text);
  assert.equal(lines.length, 1 + 2 * 6 + 1 + 3, "six values at each site, the distal distance, and the segment's length, velocity and amplitude change");
  assert.ok(requests.slice(before).every((request) => !request.url.startsWith("http") || request.url.startsWith(fixture.site.url)), "nothing left the device");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the address names the demo and the view, and a copied link opens exactly that view", async () => {
  const { context, page, consoleErrors, requests } = await openApp(fixture);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(fixture.site.url).origin });
  await page.getByTestId("demo-carpal-tunnel-moderate").click();
  await page.getByTestId("patient-view-button").click();
  const shown = () =>
    page.waitForFunction(() => !document.querySelector("[data-testid=demo-loading]") && document.querySelector("[data-testid=impression] [data-testid=plain-summary]"), undefined, { timeout: 60_000 });
  await shown();
  // The address follows the view, without a reload, once the view has rested a moment.
  await page.waitForFunction(() => location.hash === "#demo=carpal-tunnel-moderate&view=patient");
  const before = requests.length;
  await page.getByTestId("copy-link").click();
  await page.getByTestId("copy-link-status").filter({ hasText: "Link copied" }).waitFor();
  assert.match(await page.getByTestId("copy-link-status").textContent(), /it opens this demo in this view/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, page.url());
  // Copying sends nothing: at most the page fetches one of its own files meanwhile (its icon).
  const sitePaths = await siteUrlPaths(env.dist);
  assert.deepEqual(findPrivacyViolations(requests.slice(before), { origin: fixture.site.origin, sitePaths }), [], "copying a link sends nothing");

  // The link opened in a new page restores the same view: the same pixels.
  const settled = async (target) => {
    await target.evaluate(() => {
      document.activeElement?.blur();
      const status = document.querySelector("[data-testid=copy-link-status]");
      if (status) status.textContent = "";
    });
    await target.mouse.move(0, 0);
    return target.screenshot({ fullPage: true });
  };
  const original = await settled(page);
  const opened = await context.newPage();
  await opened.goto(link);
  await opened.waitForFunction(() => !document.querySelector("[data-testid=demo-loading]") && document.querySelector("[data-testid=impression] [data-testid=plain-summary]"), undefined, { timeout: 60_000 });
  assert.equal(await opened.getByTestId("patient-view-button").getAttribute("aria-pressed"), "true");
  const restored = await settled(opened);
  await saveScreenshot(opened, "link-restored-carpal-tunnel-patient");
  assert.ok(original.equals(restored), "the copied link shows the same view, pixel for pixel");
  // A link naming no built-in demo opens the first demo, in the view it names.
  const unknown = await context.newPage();
  await unknown.goto(`${fixture.site.url}#demo=not-a-demo&view=physician`);
  await unknown.getByTestId("trace-canvas").first().waitFor();
  await unknown.waitForFunction(() => location.hash === "#demo=median-motor-normal&view=physician");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

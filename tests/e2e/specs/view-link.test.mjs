// Links that restore the view beyond the demo: the traces' scale, markers moved by hand and the
// needle screen come back pixel for pixel from a copied link; for a study from the user's own
// files the link holds a fingerprint of them, never the files, and the view returns once the
// same files are opened again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { saveScreenshot, simulatedStudyFile } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";
import { markerPosition } from "../lib/markers.mjs";

const fixture = useSiteAndBrowser();

/** The address "Copy link" puts on the clipboard. */
async function copyLink(page) {
  await page.getByTestId("copy-link").click();
  await page.getByTestId("copy-link-status").filter({ hasText: "Link copied" }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Drags marker `letter` of site `siteIdx` of `nerve` by `dx` CSS pixels. */
async function dragMarker(page, nerve, siteIdx, letter, dx) {
  const overlay = nerve.getByTestId("marker-overlay");
  await overlay.scrollIntoViewIfNeeded();
  const box = await overlay.boundingBox();
  const marker = await markerPosition(overlay, siteIdx, letter);
  await page.mouse.move(box.x + marker.x, box.y + marker.y);
  await page.mouse.down();
  await page.mouse.move(box.x + marker.x + dx / 2, box.y + marker.y, { steps: 4 });
  await page.mouse.move(box.x + marker.x + dx, box.y + marker.y, { steps: 4 });
  await page.mouse.up();
}

/** What a nerve shows: its scale, its marker positions and its table, with its traces' pixels. */
async function nerveView(nerve) {
  const overlay = nerve.getByTestId("marker-overlay");
  await nerve.page().waitForFunction((element) => element.getAttribute("data-marker-positions")?.includes(":O:"), await overlay.elementHandle());
  return {
    sensitivity: await nerve.getByTestId("sensitivity").inputValue(),
    sweep: await nerve.getByTestId("sweep").inputValue(),
    markers: await overlay.getAttribute("data-marker-positions"),
    table: await nerve.getByTestId("response-table").textContent(),
    // The canvas's own pixels: a screenshot would also take in the marker overlay above it,
    // where the marker last dragged is drawn selected.
    traces: await nerve.getByTestId("trace-canvas").evaluate((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let hash = 2166136261;
      for (const value of data) hash = Math.imul(hash ^ value, 16777619) >>> 0;
      return `${canvas.width}×${canvas.height} px, FNV-1a ${hash}`;
    }),
  };
}

test("a copied link restores the traces' scale and the markers moved by hand, pixel for pixel", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1300, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixture.site.origin });
  const nerve = page.getByTestId("nerve-study").first();
  const opened = await nerveView(nerve);
  await nerve.getByTestId("sensitivity").selectOption(String(Number(opened.sensitivity) + 1));
  await nerve.getByTestId("sweep").selectOption(String(Number(opened.sweep) - 1));
  await dragMarker(page, nerve, 1, "O", 30);
  await page.waitForFunction(() => /scale=0,\d+,[\d.]+&marker=0,1,onset,[\d.]+/.test(location.hash));
  const changed = await nerveView(nerve);
  assert.notEqual(changed.table, opened.table, "the moved onset changed the table");
  assert.match(changed.table, /adjusted/);
  const link = await copyLink(page);
  assert.equal(link, page.url(), "the address is the link");
  assert.match(link, /#demo=median-motor-normal&view=physician&scale=0,\d+,[\d.]+&marker=0,1,onset,[\d.]+$/);

  const restoredPage = await context.newPage();
  await restoredPage.goto(link);
  const restored = await nerveView(restoredPage.getByTestId("nerve-study").first());
  assert.deepEqual({ ...restored, traces: null }, { ...changed, traces: null }, "the same scale, markers and values");
  assert.equal(restored.traces, changed.traces, "the same traces, pixel for pixel");
  await saveScreenshot(restoredPage, "link-restored-scale-and-marker");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a copied link restores the needle screen (sensitivity, sweep, position) and a unit's moved duration marker", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1300, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixture.site.origin });
  await page.getByTestId("demo-needle-normal").click();
  await page.getByTestId("needle-view").waitFor({ timeout: 90_000 });
  await page.getByTestId("needle-sensitivity").selectOption("4");
  await page.getByTestId("needle-sweep").selectOption("1");
  await page.getByRole("button", { name: "Next screen" }).click();
  await page.getByRole("button", { name: "Next screen" }).click();
  await page.waitForFunction(() => /&needle=0,200,5,[\d.]+$/.test(location.hash));
  const start = Number(new URL(page.url()).hash.split(",").pop());
  assert.ok(start >= 0.1, `two screens on: ${start} s`);
  // A unit's end marker moved by hand goes into the link too.
  const card = page.getByTestId("unit-card").first();
  const analysedDuration = await card.getByTestId("unit-duration").textContent();
  await card.getByTestId("unit-end").fill("9");
  await card.getByTestId("unit-end").dispatchEvent("change");
  await page.waitForFunction(() => /&unit=0,0,-?[\d.]+,9$/.test(location.hash));
  const movedDuration = await card.getByTestId("unit-duration").textContent();
  assert.notEqual(movedDuration, analysedDuration);
  const screen = () => page.getByTestId("needle-trace").screenshot();
  const before = await screen();
  const link = await copyLink(page);

  const restoredPage = await context.newPage();
  await restoredPage.goto(link);
  await restoredPage.getByTestId("needle-view").waitFor({ timeout: 90_000 });
  assert.equal(await restoredPage.getByTestId("needle-sensitivity").inputValue(), "4");
  assert.equal(await restoredPage.getByTestId("needle-sweep").inputValue(), "1");
  assert.equal(await restoredPage.getByTestId("unit-card").first().getByTestId("unit-duration").textContent(), movedDuration, "the unit measured at the moved marker");
  await restoredPage.waitForFunction(() => document.querySelector("[data-testid=needle-trace]")?.width > 0);
  assert.ok((await restoredPage.getByTestId("needle-trace").screenshot()).equals(before), "the same screen, pixel for pixel");
  await saveScreenshot(restoredPage, "link-restored-needle-screen");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a link to a view of the user's own file holds its fingerprint only, and restores the view when the same file is opened", async () => {
  const file = await simulatedStudyFile("carpal-tunnel-moderate");
  const { context, page, consoleErrors, requests } = await openApp(fixture, { viewport: { width: 1300, height: 1000 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fixture.site.origin });
  await page.getByTestId("file-input").setInputFiles(file);
  await page.getByTestId("study-title").filter({ hasText: "carpal-tunnel-moderate.bdf" }).waitFor({ timeout: 60_000 });
  const nerve = page.getByTestId("nerve-study").first();
  await nerveView(nerve);
  await dragMarker(page, nerve, 0, "O", -25);
  await page.waitForFunction(() => /^#study=[0-9a-f]{16}&view=physician&marker=0,0,onset,/.test(location.hash));
  const moved = await nerveView(nerve);
  const link = await copyLink(page);
  assert.match(await page.getByTestId("copy-link-status").textContent(), /a fingerprint of your files, never the files/);
  assert.doesNotMatch(link, /carpal|bdf|median/i, "nothing of the file's name or content");
  const sentBefore = requests.length;

  const later = await context.newPage();
  await later.goto(link);
  await later.getByTestId("link-note").filter({ hasText: "open the same files" }).waitFor();
  await later.getByTestId("file-input").setInputFiles(file);
  await later.getByTestId("link-note").filter({ hasText: "was restored" }).waitFor({ timeout: 60_000 });
  const restored = await nerveView(later.getByTestId("nerve-study").first());
  assert.equal(restored.markers, moved.markers);
  assert.equal(restored.table, moved.table, "the moved onset's values are back");
  await later.waitForFunction((hash) => location.hash === hash, new URL(link).hash);
  await saveScreenshot(later, "link-restored-own-file");
  const sent = requests.slice(sentBefore).filter((request) => request.method !== "GET" || request.bodyBytes > 0);
  assert.deepEqual(sent, [], "nothing was sent");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

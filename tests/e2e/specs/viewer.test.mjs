// The multichannel signal viewer on real recordings: opened through the file input, parsed in
// the worker, drawn, scrolled and zoomed; broken files answered next to their names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { saveScreenshot, sharedFile } from "../lib/browser.mjs";
import { canvasFingerprint, inkedPixels, pixelsOfColour } from "../lib/app.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

/** The shade the viewer fills gaps with (`GAP_COLOUR` in src/viewer/draw.rs). */
const GAP_SHADE = [243, 236, 222];

const fixture = useSiteAndBrowser();

/** The canvas's fingerprint once it differs from `previous` (or after two seconds, unchanged). */
async function redrawnFingerprint(page, previous) {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const current = await canvasFingerprint(page);
    if (current !== previous) return current;
    await page.waitForTimeout(50);
  }
  return previous;
}

/** Opens the app, then `files` through the file input, and waits for the viewer. */
async function openFiles(files) {
  const opened = await openApp(fixture, { viewport: { width: 1400, height: 1000 } });
  await opened.page.getByTestId("file-input").setInputFiles(files);
  return opened;
}

test("the PhysioNet needle EMG record opens from its .hea and .dat, and all its signals in the viewer", async () => {
  const files = [await sharedFile("physionet-emgdb/emg_healthy.hea"), await sharedFile("physionet-emgdb/emg_healthy.dat")];
  const { context, page, consoleErrors } = await openFiles(files);
  await page.getByTestId("needle-view").waitFor();
  await page.getByTestId("show-raw").click();
  await page.getByTestId("signal-viewer").waitFor();
  assert.match(await page.getByTestId("recording-title").textContent(), /emg_healthy\.hea \(WFDB record \(format 16\)\)/);
  assert.match(await page.getByTestId("recording-details").textContent(), /12\.715 s/);
  assert.match(await page.getByTestId("opened-files").textContent(), /read with its record/);
  assert.ok((await inkedPixels(page)) > 3000, "the EMG is drawn");
  await saveScreenshot(page, "viewer-physionet-emg-healthy");

  const canvas = page.getByTestId("trace-canvas");
  await page.getByTestId("viewer-figure").focus();
  const before = await page.getByTestId("window-start").textContent();
  await page.keyboard.press("Minus");
  await page.keyboard.press("=");
  await page.keyboard.press("=");
  await page.keyboard.press("ArrowRight");
  const after = await page.getByTestId("window-start").textContent();
  assert.notEqual(after, before, "the arrow key scrolled the window");
  await canvas.hover();
  await page.mouse.wheel(0, 200);
  await page.waitForFunction((previous) => document.querySelector("[data-testid=window-start]").textContent !== previous, after);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("an EDF+D file shows its gaps as gaps", async () => {
  const { context, page, consoleErrors } = await openFiles([await sharedFile("edfreader-r/bdfPlusD.bdf")]);
  await page.getByTestId("signal-viewer").waitFor();
  assert.match(await page.getByTestId("recording-title").textContent(), /BDF\+D/);
  assert.match(await page.getByTestId("recording-warnings").textContent(), /EDF\+D/);
  assert.match(await page.getByTestId("channel-list").textContent(), /squarewave/);
  await page.getByTestId("time-base").selectOption({ label: "2 s/div" });
  await page.waitForFunction(() => document.querySelector("[data-testid=window-start]").textContent === "0.000 s");
  await saveScreenshot(page, "viewer-bdf-plus-d-gaps");
  assert.ok((await pixelsOfColour(page, GAP_SHADE)) > 2000, "the records' gaps are shaded, not joined");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("channels hide and show, negative-up flips the traces, and dragging pans the window", async () => {
  const { context, page, consoleErrors } = await openFiles([await sharedFile("pyedflib/test_generator.edf")]);
  await page.getByTestId("signal-viewer").waitFor();
  await page.getByTestId("time-base").selectOption({ label: "100 ms/div" });
  await page.waitForFunction(() => document.querySelector("[data-testid=window-start]").textContent === "0.000 s");
  const shown = await canvasFingerprint(page);

  await page.getByTestId("negative-up").uncheck();
  const flipped = await redrawnFingerprint(page, shown);
  assert.notEqual(flipped, shown, "turning negative-up off redraws the traces");
  await page.getByTestId("negative-up").check();

  const boxes = page.getByTestId("channel-list").locator("input[type=checkbox]");
  const inkedWithAll = await inkedPixels(page);
  for (let channel = 1; channel < (await boxes.count()); channel += 1) await boxes.nth(channel).uncheck();
  await page.waitForTimeout(100);
  const inkedWithOne = await inkedPixels(page);
  assert.ok(inkedWithOne < inkedWithAll, `hiding channels removes their traces (${inkedWithAll} → ${inkedWithOne} inked pixels)`);
  await boxes.nth(1).check();
  await page.waitForTimeout(100);
  assert.ok((await inkedPixels(page)) > inkedWithOne, "showing a channel draws it again");

  const canvas = await page.getByTestId("trace-canvas").boundingBox();
  const y = canvas.y + canvas.height / 2;
  await page.mouse.move(canvas.x + canvas.width * 0.8, y);
  await page.mouse.down();
  await page.mouse.move(canvas.x + canvas.width * 0.5, y, { steps: 5 });
  await page.mouse.up();
  const startAfterDrag = Number((await page.getByTestId("window-start").textContent()).match(/[\d.]+/)[0]);
  assert.ok(startAfterDrag > 0.25 && startAfterDrag < 0.5, `dragging left by 30 % of a 1 s window moved it ${startAfterDrag} s`);
  await saveScreenshot(page, "viewer-channels-and-drag");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("an annotation-only file (a hypnogram) scrolls through the night of its events", async () => {
  const { context, page, consoleErrors } = await openFiles([await sharedFile("mne-testing-data/SC4001EC-Hypnogram.edf")]);
  await page.getByTestId("signal-viewer").waitFor();
  await page.getByTestId("viewer-figure").focus();
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelector("[data-testid=window-start]").textContent !== "0.000 s");
  const endS = Number((await page.getByTestId("window-start").textContent()).match(/[\d.]+/)[0]);
  assert.ok(endS > 3600, `the last events are hours in (window starts at ${endS} s)`);
  await saveScreenshot(page, "viewer-hypnogram-end");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a broken file is answered next to its name", async () => {
  const { context, page, consoleErrors } = await openFiles([await sharedFile("scipy-wav/test-44100Hz-le-1ch-4bytes-incomplete-chunk.wav")]);
  const item = page.locator("[data-testid=opened-file].error");
  await item.waitFor();
  assert.match(await item.textContent(), /test-44100Hz-le-1ch-4bytes-incomplete-chunk\.wav.*chunk header at byte 12 is incomplete/);
  await saveScreenshot(page, "viewer-broken-file");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("an uncalibrated WAV stays in counts until the user enters µV per count", async () => {
  const { context, page, consoleErrors } = await openFiles([await sharedFile("backyardbrains-emg-wav/amp_on_baseline.wav")]);
  await page.getByTestId("signal-viewer").waitFor();
  const channels = page.getByTestId("channel-list");
  assert.match(await channels.textContent(), /arbitrary units/);
  assert.doesNotMatch(await channels.locator("select").first().textContent(), /µV\/div/);
  await page.getByTestId("calibration").first().fill("0.5");
  await page.getByTestId("calibration").first().dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector("[data-testid=channel-list]").textContent.includes("0.5 µV per count"));
  assert.match(await channels.locator("select").first().textContent(), /µV\/div/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

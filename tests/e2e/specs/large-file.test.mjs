// Benchmarks: a 154 MB EDF (8 channels, 20 kHz, 16-bit, 8 minutes), decoded whole, and an hour
// of the same (1.15 GB), read as an overview with windows of samples decoded on request, opened
// in the browser: time from choosing the file to the first frame the viewer drew of it (its
// performance mark), the longest task on the page's thread meanwhile (Long Tasks API), and
// frame times while panning and zoomed out. Figures are printed and saved to
// target/e2e/large-file-benchmark.json and target/e2e/hour-file-benchmark.json; the tests
// assert only that the page works. The files are `edx simulate test-tones` recordings (a tone
// plus noise per channel), written once and kept in target/e2e/fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, testTonesFile, writeFigures } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const N_CHANNELS = 8;

const fixture = useSiteAndBrowser();

/**
 * Opens the app on its demo, starts recording main-thread long tasks, and chooses `file`.
 * Returns the page with the time it was chosen and a function giving a performance mark's time.
 */
async function chooseFile(file) {
  const opened = await openApp(fixture, { viewport: { width: 1400, height: 1000 } });
  const { page } = opened;
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: "longtask" });
  });
  const chosenAtMs = await page.evaluate(() => performance.now());
  await page.getByTestId("file-input").setInputFiles([file]);
  const markTime = async (mark) => {
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, mark, { timeout: 300_000 });
    return page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, mark);
  };
  return { ...opened, chosenAtMs, markTime };
}

/** Frame time of each of `steps` presses of `key`: from the press to the next animation frame. */
async function frameTimes(page, key, steps) {
  const times = [];
  for (let step = 0; step < steps; step += 1) {
    const before = await page.evaluate(() => performance.now());
    await page.keyboard.press(key);
    const after = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    times.push(after - before);
  }
  return times.sort((first, second) => first - second);
}

test("benchmark: a 154 MB EDF of 8 channels at 20 kHz, decoded whole: time to the first frame, long tasks on the page, pan frame times", async () => {
  const file = await testTonesFile(N_CHANNELS, 480);
  const bytes = fs.statSync(file).size;
  const { context, page, consoleErrors, chosenAtMs, markTime } = await chooseFile(file);
  const firstFrameMs = Math.round((await markTime(`edxview:drawn:${path.basename(file)}`)) - chosenAtMs);
  const longTasks = await page.evaluate(() => window.longTasks.splice(0));

  // Panning: 40 arrow-key steps, each drawn in the next animation frame.
  await page.getByTestId("viewer-figure").focus();
  const panFrames = await frameTimes(page, "ArrowRight", 40);
  const figures = {
    fileMegabytes: Math.round(bytes / 1e6),
    firstFrameMsFromChoosingTheFile: firstFrameMs,
    longestMainThreadTaskMs: Math.round(Math.max(0, ...longTasks)),
    mainThreadLongTasks: longTasks.length,
    panFrameMsMedian: Math.round(panFrames[20]),
    panFrameMsWorst: Math.round(panFrames[39]),
  };
  await writeFigures("large-file-benchmark", figures);
  console.log(`large file benchmark: ${JSON.stringify(figures)}`);
  assert.match(await page.getByTestId("recording-title").textContent(), /test-tones-8ch-480s\.edf/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("benchmark: an hour of 8 channels at 20 kHz (1.15 GB EDF) opens as an overview and reads windows of samples zoomed in: time to the first frame, long tasks, pan frame times, window reads", async () => {
  const file = await testTonesFile(N_CHANNELS, 3600);
  const bytes = fs.statSync(file).size;
  const { context, page, consoleErrors, chosenAtMs, markTime } = await chooseFile(file);
  const name = path.basename(file);
  const firstFrameMs = Math.round((await markTime(`edxview:drawn:${name}`)) - chosenAtMs);
  const exactFrameMs = Math.round((await markTime(`edxview:drawn-exactly:${name}`)) - chosenAtMs);
  const longTasks = await page.evaluate(() => window.longTasks.splice(0));
  assert.match(await page.getByTestId("recording-title").textContent(), /test-tones-8ch-3600s\.edf/);
  assert.match(await page.getByTestId("recording-warnings").textContent(), /read from the file a window at a time/);
  assert.match(await page.getByTestId("opened-files").textContent(), /EDF, 8 channels, 3600\.0 s/, "the file list counts the overview's samples");

  const figure = page.getByTestId("viewer-figure");
  await figure.focus();
  // Every change of the viewer's "awaiting samples" state, timed: a frame drawn from the
  // envelopes while a window of samples is read from the file, then the frame drawn from them.
  await page.evaluate(() => {
    window.awaitingChanges = [];
    const element = document.querySelector('[data-testid="viewer-figure"]');
    new MutationObserver(() => window.awaitingChanges.push([element.dataset.awaitingSamples, performance.now()])).observe(element, {
      attributes: true,
      attributeFilter: ["data-awaiting-samples"],
    });
  });
  const startBeforeS = Number.parseFloat(await page.getByTestId("window-start").textContent());
  // Zoomed in to 0.5 s/div each pixel column holds fewer samples than the finest envelope bin,
  // so samples are read from the file; panning draws from the envelopes at once and redraws
  // when the window arrives.
  await page.keyboard.press("+");
  const panZoomedIn = await frameTimes(page, "ArrowRight", 40);
  await page.waitForFunction(() => document.querySelector('[data-testid="viewer-figure"]').dataset.awaitingSamples === "false", null, { timeout: 60_000 });
  const changes = await page.evaluate(() => window.awaitingChanges.splice(0));
  const windowReadsMs = [];
  for (let idx = 1; idx < changes.length; idx += 1) {
    if (changes[idx - 1][0] === "true" && changes[idx][0] === "false") windowReadsMs.push(Math.round(changes[idx][1] - changes[idx - 1][1]));
  }
  assert.ok(windowReadsMs.length > 0, `samples were read from the file while zoomed in (${JSON.stringify(changes)})`);
  const startAfterS = Number.parseFloat(await page.getByTestId("window-start").textContent());
  assert.ok(Math.abs(startAfterS - startBeforeS - 2.5 - 20) < 1e-6, `zoomed about the centre, then forty steps of 0.5 s (${startBeforeS} → ${startAfterS} s)`);
  await page.screenshot({ path: path.join(env.screenshots, "viewer-hour-8ch-20kHz-detail.png") });

  // Zoomed out to 5 min/div the whole hour fits two screens; pan across it.
  for (let step = 0; step < 7; step += 1) await page.keyboard.press("-");
  assert.equal(await page.getByTestId("time-base").evaluate((select) => select.options[select.selectedIndex].textContent), "300 s/div");
  const panZoomedOut = await frameTimes(page, "ArrowRight", 20);
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelector('[data-testid="viewer-figure"]').dataset.awaitingSamples === "false");
  await page.screenshot({ path: path.join(env.screenshots, "viewer-hour-8ch-20kHz-overview.png") });
  const heapMegabytes = await page.evaluate(() => (performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1e6) : null));

  const figures = {
    fileMegabytes: Math.round(bytes / 1e6),
    firstFrameMsFromChoosingTheFile: firstFrameMs,
    firstFrameWithoutWaitingForSamplesMs: exactFrameMs,
    longestMainThreadTaskMs: Math.round(Math.max(0, ...longTasks)),
    mainThreadLongTasks: longTasks.length,
    panAtHalfSecondPerDivFrameMsMedian: Math.round(panZoomedIn[20]),
    panAtHalfSecondPerDivFrameMsWorst: Math.round(panZoomedIn[39]),
    windowsReadFromTheFile: windowReadsMs.length,
    windowReadMsMedian: windowReadsMs.sort((first, second) => first - second)[Math.floor(windowReadsMs.length / 2)],
    windowReadMsWorst: windowReadsMs[windowReadsMs.length - 1],
    panAtFiveMinutesPerDivFrameMsMedian: Math.round(panZoomedOut[10]),
    panAtFiveMinutesPerDivFrameMsWorst: Math.round(panZoomedOut[19]),
    pageJsHeapMegabytes: heapMegabytes,
  };
  await writeFigures("hour-file-benchmark", figures);
  console.log(`hour file benchmark: ${JSON.stringify(figures)}`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// Benchmarks: a 154 MB EDF (8 channels, 20 kHz, 16-bit, 8 minutes), decoded whole, and an hour
// of the same (1.15 GB), read as an overview with windows of samples decoded on request, opened
// in the browser: time from choosing the file to the first frame the viewer drew of it (its
// performance mark), the longest task on the page's thread meanwhile (Long Tasks API), and
// frame times while panning and zoomed out. Figures are printed and saved to
// target/e2e/large-file-benchmark.json and target/e2e/hour-file-benchmark.json; the tests
// assert only that the page works.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, writeFigures } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const N_CHANNELS = 8;
const RATE_HZ = 20_000;

/** Writes a benchmark EDF of `SECONDS` one-second records once (a tone plus noise per channel) and returns its path. */
function benchmarkEdf(name, SECONDS) {
  const file = path.join(env.screenshots, "fixtures", name);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const field = (text, width) => text.padEnd(width, " ").slice(0, width);
  const perChannel = (make, width) => Array.from({ length: N_CHANNELS }, (_, channel) => field(make(channel), width)).join("");
  const header =
    field("0", 8) + field("X X X X", 80) + field("Startdate 01-JAN-2020 X X edxview_benchmark", 80) + field("01.01.20", 8) + field("00.00.00", 8) +
    field(String(256 * (N_CHANNELS + 1)), 8) + field("", 44) + field(String(SECONDS), 8) + field("1", 8) + field(String(N_CHANNELS), 4) +
    perChannel((channel) => `EMG ${channel + 1}`, 16) + perChannel(() => "Needle", 80) + perChannel(() => "uV", 8) +
    perChannel(() => "-3276.8", 8) + perChannel(() => "3276.7", 8) + perChannel(() => "-32768", 8) + perChannel(() => "32767", 8) +
    perChannel(() => "HP:2Hz LP:10kHz", 80) + perChannel(() => String(RATE_HZ), 8) + perChannel(() => "", 32);
  const descriptor = fs.openSync(file, "w");
  fs.writeSync(descriptor, Buffer.from(header, "latin1"));
  // Whole-hertz tones repeat every second: one record's tones serve every record.
  const tones = new Float64Array(N_CHANNELS * RATE_HZ);
  for (let channel = 0; channel < N_CHANNELS; channel += 1) {
    for (let idx = 0; idx < RATE_HZ; idx += 1) tones[channel * RATE_HZ + idx] = 3000 * Math.sin((2 * Math.PI * (7 + channel) * idx) / RATE_HZ);
  }
  const record = new Int16Array(N_CHANNELS * RATE_HZ);
  let seed = 1;
  for (let second = 0; second < SECONDS; second += 1) {
    for (let idx = 0; idx < record.length; idx += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      record[idx] = Math.round(tones[idx] + ((seed >> 8) % 2001) - 1000);
    }
    fs.writeSync(descriptor, Buffer.from(record.buffer));
  }
  fs.closeSync(descriptor);
  return file;
}

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

test("benchmark: a 154 MB EDF opens without freezing the page and pans smoothly", async () => {
  const file = benchmarkEdf("large-8ch-20kHz.edf", 480);
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
  assert.match(await page.getByTestId("recording-title").textContent(), /large-8ch-20kHz\.edf/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("benchmark: an hour of 8 channels at 20 kHz (1.15 GB EDF) opens as an overview, pans and zooms smoothly", async () => {
  const file = benchmarkEdf("hour-8ch-20kHz.edf", 3600);
  const bytes = fs.statSync(file).size;
  const { context, page, consoleErrors, chosenAtMs, markTime } = await chooseFile(file);
  const name = path.basename(file);
  const firstFrameMs = Math.round((await markTime(`edxview:drawn:${name}`)) - chosenAtMs);
  const exactFrameMs = Math.round((await markTime(`edxview:drawn-exactly:${name}`)) - chosenAtMs);
  const longTasks = await page.evaluate(() => window.longTasks.splice(0));
  assert.match(await page.getByTestId("recording-title").textContent(), /hour-8ch-20kHz\.edf/);
  assert.match(await page.getByTestId("recording-warnings").textContent(), /read from the file a window at a time/);

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

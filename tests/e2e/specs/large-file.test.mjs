// Benchmark: a 154 MB EDF (8 channels, 20 kHz, 16-bit, 8 minutes) opened in the browser: time
// from choosing the file to the first frame the viewer drew of it (its performance mark), the longest task on the page's thread
// meanwhile (Long Tasks API), and frame times while panning. Figures are printed and saved to
// target/e2e/large-file-benchmark.json; the test asserts only that the page works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { env, launchBrowser, openPage, writeFigures } from "../lib/browser.mjs";
import { serveSite } from "../lib/server.mjs";
import { waitForTraces } from "../lib/app.mjs";

const N_CHANNELS = 8;
const RATE_HZ = 20_000;
const SECONDS = 480;

/** Writes the benchmark EDF once (a tone plus noise per channel) and returns its path. */
function benchmarkEdf() {
  const file = path.join(env.screenshots, "fixtures", "large-8ch-20kHz.edf");
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
  const record = new Int16Array(N_CHANNELS * RATE_HZ);
  let seed = 1;
  for (let second = 0; second < SECONDS; second += 1) {
    for (let channel = 0; channel < N_CHANNELS; channel += 1) {
      for (let idx = 0; idx < RATE_HZ; idx += 1) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const time = second + idx / RATE_HZ;
        record[channel * RATE_HZ + idx] = Math.round(3000 * Math.sin(2 * Math.PI * (7 + channel) * time) + ((seed >> 8) % 2001) - 1000);
      }
    }
    fs.writeSync(descriptor, Buffer.from(record.buffer));
  }
  fs.closeSync(descriptor);
  return file;
}

let site;
let browser;
before(async () => {
  site = await serveSite(env.dist);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

test("benchmark: a 154 MB EDF opens without freezing the page and pans smoothly", async () => {
  const file = benchmarkEdf();
  const bytes = fs.statSync(file).size;
  const { context, page, consoleErrors } = await openPage(browser, { viewport: { width: 1400, height: 1000 } });
  await page.goto(site.url);
  await waitForTraces(page);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: "longtask" });
  });
  const chosenAtMs = await page.evaluate(() => performance.now());
  await page.getByTestId("file-input").setInputFiles([file]);
  await page.getByTestId("signal-viewer").waitFor({ timeout: 120_000 });
  const drawnMark = `edxview:drawn:${path.basename(file)}`;
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, drawnMark, { timeout: 120_000 });
  const drawnAtMs = await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, drawnMark);
  const firstFrameMs = Math.round(drawnAtMs - chosenAtMs);
  const longTasks = await page.evaluate(() => window.longTasks.splice(0));

  // Panning: 40 arrow-key steps, each drawn in the next animation frame.
  await page.getByTestId("viewer-figure").focus();
  const frameTimes = [];
  for (let step = 0; step < 40; step += 1) {
    const before = await page.evaluate(() => performance.now());
    await page.keyboard.press("ArrowRight");
    const after = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    frameTimes.push(after - before);
  }
  frameTimes.sort((first, second) => first - second);
  const figures = {
    fileMegabytes: Math.round(bytes / 1e6),
    firstFrameMsFromChoosingTheFile: firstFrameMs,
    longestMainThreadTaskMs: Math.round(Math.max(0, ...longTasks)),
    mainThreadLongTasks: longTasks.length,
    panFrameMsMedian: Math.round(frameTimes[20]),
    panFrameMsWorst: Math.round(frameTimes[39]),
  };
  await writeFigures("large-file-benchmark", figures);
  console.log(`large file benchmark: ${JSON.stringify(figures)}`);
  assert.match(await page.getByTestId("recording-title").textContent(), /large-8ch-20kHz\.edf/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

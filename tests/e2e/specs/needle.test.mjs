// Needle EMG in a real browser: the PhysioNet recordings open in the needle view, are analysed
// in the worker, play through Web Audio with a cursor that moves, and show units and a summary;
// the simulated needle demos are simulated and analysed on the device too.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { saveScreenshot, sharedFile, simulatedNeedleFile, writeFigures } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

/** Opens the app, then a PhysioNet record through the file input, and waits for the needle view. */
async function openRecord(record) {
  const opened = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  const files = [await sharedFile(`physionet-emgdb/${record}.hea`), await sharedFile(`physionet-emgdb/${record}.dat`)];
  await opened.page.getByTestId("file-input").setInputFiles(files);
  await opened.page.getByTestId("needle-view").waitFor();
  return opened;
}

const cursor = (page) => page.getByTestId("needle-overlay").getAttribute("data-cursor-s");

for (const record of ["emg_healthy", "emg_myopathy"]) {
  test(`${record} opens in the needle view with units, a summary and sound`, async () => {
    const { context, page, consoleErrors } = await openRecord(record);
    const units = await page.getByTestId("unit-card").count();
    assert.ok(units >= 3, `${units} motor units shown`);
    assert.match(await page.getByTestId("needle-summary").textContent(), /Motor unit summary \(\d+ units\) beside the tibialis anterior reference, which this recording's bandwidth does not allow to compare/);
    assert.match(await page.getByTestId("needle-pattern").textContent(), /bandwidth is too narrow/);
    await page.getByTestId("firing-raster").waitFor();

    // Sound: starts on the button, the cursor moves with it, and stops when asked.
    assert.ok(!(await cursor(page)), "no cursor before playing");
    await page.getByTestId("play-sound").click();
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=needle-overlay]").dataset.cursorS) > 0.3, null, { timeout: 10_000 });
    const playing = Number(await cursor(page));
    assert.equal(await page.getByTestId("play-sound").getAttribute("aria-pressed"), "true");
    await saveScreenshot(page, `needle-${record}`);
    await page.getByTestId("play-sound").click();
    assert.equal(await page.getByTestId("play-sound").getAttribute("aria-pressed"), "false");
    const stopped = Number(await cursor(page));
    await page.waitForTimeout(400);
    assert.equal(Number(await cursor(page)), stopped, "the cursor stops with the sound");
    assert.ok(stopped >= playing, "the cursor moved forward while playing");
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
}

test("display controls redraw the screen and duration markers recompute a unit", async () => {
  const { context, page, consoleErrors } = await openRecord("emg_healthy");
  const trace = page.getByTestId("needle-trace");
  await page.getByTestId("needle-mode").selectOption("Raster");
  await page.getByTestId("needle-sweep").selectOption({ label: "20 ms/div" });
  await page.getByTestId("needle-low-cut").selectOption({ label: "20 Hz" });
  await saveScreenshot(page, "needle-raster");
  const before = await trace.getAttribute("data-screen-start-s");
  await page.getByTestId("needle-overlay").focus();
  await page.keyboard.press("ArrowRight");
  assert.notEqual(await trace.getAttribute("data-screen-start-s"), before, "the arrow key pages the raster");

  // A drag across the trace selects the stretch that loops; sound then stays inside it.
  await page.getByTestId("needle-mode").selectOption("Sweep");
  const overlay = page.getByTestId("needle-overlay");
  const box = await overlay.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  const [selectionStart, selectionEnd] = (await overlay.getAttribute("data-selection")).split("-").map(Number);
  assert.ok(selectionEnd > selectionStart, "a selection was dragged");
  await page.getByTestId("play-sound").click();
  await page.waitForTimeout(700);
  const looping = Number(await overlay.getAttribute("data-cursor-s"));
  assert.ok(looping >= selectionStart - 0.001 && looping <= selectionEnd + 0.001, `the cursor ${looping} stays in ${selectionStart}–${selectionEnd}`);
  await page.getByTestId("play-sound").click();

  const card = page.getByTestId("unit-card").first();
  const duration = await card.getByTestId("unit-duration").textContent();
  const summary = await page.getByTestId("needle-summary").textContent();
  await card.getByTestId("unit-end").fill("9");
  await card.getByTestId("unit-end").dispatchEvent("change");
  await page.waitForFunction((previous) => document.querySelector("[data-testid=unit-card] [data-testid=unit-duration]").textContent !== previous, duration);
  await page.waitForFunction((previous) => document.querySelector("[data-testid=needle-summary]").textContent !== previous, summary);
  assert.match(await page.getByTestId("needle-summary").textContent(), /Duration/, "the summary's mean duration follows the moved marker");

  // Saved with the study, the moved marker comes back when the study file opens with its recording.
  const moved = await card.getByTestId("unit-duration").textContent();
  const [studyDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-study").click()]);
  const savedPath = `${await studyDownload.path()}.edxview.json`;
  fs.copyFileSync(await studyDownload.path(), savedPath);
  const saved = JSON.parse(fs.readFileSync(savedPath, "utf8"));
  assert.equal(saved.needle_unit_markers.length, 1, "the channel whose marker moved");
  assert.equal(saved.needle_unit_markers[0].recording.file, "emg_healthy.hea");
  assert.equal(saved.needle_unit_markers[0].units[0][1], 9, "the end moved to 9 ms");
  const reopened = await context.newPage();
  await reopened.goto(fixture.site.url);
  const record = [await sharedFile("physionet-emgdb/emg_healthy.hea"), await sharedFile("physionet-emgdb/emg_healthy.dat")];
  await reopened.getByTestId("file-input").setInputFiles([savedPath, ...record]);
  await reopened.getByTestId("needle-view").waitFor();
  assert.equal(await reopened.getByTestId("unit-card").first().getByTestId("unit-duration").textContent(), moved);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the second simulator's demo reads abundant fibrillation potentials at rest, then effort, and says what each stretch rests on", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("demo-needle-abundant-fibrillations").click();
  await page.getByTestId("needle-view").waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId("spontaneous-grade").textContent(), /grade [34]\+/);
  const findings = await page.getByTestId("needle-findings").textContent();
  assert.match(findings, /rest 0\.00–5\.\d\d s \([^)]+\); voluntary activity 5\.\d\d–12\.00 s \([^)]+\)/);
  assert.equal(await page.getByTestId("needle-inverted").count(), 0, "recorded the usual way up");
  await saveScreenshot(page, "needle-demo-abundant-fibrillations");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the neurogenic needle demo is simulated on the device and shows fibrillation potentials", async () => {
  const { context, page, consoleErrors, requests } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  const before = requests.length;
  await page.getByTestId("demo-needle-neurogenic").click();
  await page.getByTestId("needle-view").waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId("needle-pattern").textContent(), /neurogenic/);
  assert.match(await page.getByTestId("spontaneous-grade").textContent(), /grade [1-4]\+/);
  const later = requests.slice(before);
  assert.ok(later.every((request) => request.method === "GET" && request.bodyBytes === 0 && request.url.startsWith(fixture.site.url)), JSON.stringify(later));
  await page.getByTestId("patient-view-button").click();
  assert.match(await page.getByTestId("needle-patient-view").textContent(), /larger and longer than normal/);
  await page.getByTestId("physician-view").click();
  await saveScreenshot(page, "needle-demo-neurogenic");

  // Clicking a spontaneous potential's marker on the trace plays it from there.
  const overlay = page.getByTestId("needle-overlay");
  for (let screen = 0; screen < 40 && !(await overlay.getAttribute("data-mark-positions")); screen += 1) {
    await page.getByRole("button", { name: "Next screen" }).click();
  }
  const marks = (await overlay.getAttribute("data-mark-positions")).split(";").map((mark) => mark.split(","));
  const [x, y] = (marks.find(([, , label]) => label === "F" || label === "P") ?? marks[0]).map(Number);
  assert.ok(Number.isFinite(x) && Number.isFinite(y), `a marker on screen: ${marks.slice(0, 3).join(" ")}`);
  const box = await overlay.boundingBox();
  assert.ok(!(await cursor(page)), "no cursor before the click");
  await page.mouse.click(box.x + x, box.y + y);
  assert.equal(await page.getByTestId("play-sound").getAttribute("aria-pressed"), "true", "the potential plays");
  assert.ok(Number(await cursor(page)) >= 0, "the cursor is at the potential");
  await page.getByTestId("play-sound").click();
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("benchmark: a minute of 20 kHz needle EMG: analysis time in the worker, time to the needle view, long tasks on the page", async () => {
  const file = await simulatedNeedleFile("needle-myopathic", 60);
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  // The worker starts with the page and warms its code up on simulated signal (a second or
  // so); a reader takes longer than that to choose a file. Dropped at once, the first
  // analysis runs partly unoptimised and takes about a third longer.
  await page.waitForTimeout(3_000);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({ type: "longtask" });
  });
  const started = Date.now();
  await page.getByTestId("file-input").setInputFiles([file]);
  await page.getByTestId("needle-view").waitFor({ timeout: 60_000 });
  const openedMs = Date.now() - started;
  const analysisMs = Number((await page.getByTestId("needle-analysis-time").getAttribute("data-ms")));
  const longTasks = await page.evaluate(() => window.longTasks);
  const figures = { analysisMsInWorker: analysisMs, openedMsIncludingReadAndDraw: openedMs, longestMainThreadTaskMs: Math.max(0, ...longTasks), mainThreadLongTasks: longTasks.length };
  await writeFigures("needle-benchmark", figures);
  console.log(`needle benchmark (60 s at 20 kHz): ${JSON.stringify(figures)}`);
  assert.ok(analysisMs > 0);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

/** The overlay's pixels shaded in the clipped colour (#e57373 at 35 % opacity): their count and the columns they span. */
function clippedShading(page) {
  return page.getByTestId("needle-overlay").evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let shaded = 0;
    let [left, right] = [Infinity, -Infinity];
    for (let idx = 0; idx < data.length; idx += 4) {
      const clippedColour = Math.abs(data[idx] - 229) < 3 && Math.abs(data[idx + 1] - 115) < 3 && Math.abs(data[idx + 2] - 115) < 3;
      if (clippedColour && data[idx + 3] > 70 && data[idx + 3] < 110) {
        shaded += 1;
        const column = (idx / 4) % canvas.width;
        [left, right] = [Math.min(left, column), Math.max(right, column)];
      }
    }
    return { shaded, total: data.length / 4, widthFraction: shaded > 0 ? (right - left + 1) / canvas.width : 0 };
  });
}

test("a saturated stretch is shaded on the trace, listed as clipped and not measured", async () => {
  // needle-normal through an amplifier of ±200 µV: quiet for 2 s, then the largest unit's
  // discharges drive it to its limits.
  const file = await simulatedNeedleFile("needle-normal", 4, { amplifierRangeUv: 200 });
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles([file]);
  await page.getByTestId("needle-view").waitFor();
  const findings = await page.getByTestId("needle-findings").textContent();
  const clipped = [...findings.matchAll(/clipped \(not measured\) (\d+\.\d+)–(\d+\.\d+) s/g)].map((match) => [Number(match[1]), Number(match[2])]);
  assert.ok(clipped.length > 0, `a clipped stretch is listed: ${findings}`);
  const [startS, endS] = clipped[0];
  assert.ok(startS >= 2, `the muscle at rest is not clipped: the first clipped stretch is ${startS}–${endS} s`);

  // The first screen shows the muscle at rest: nothing is shaded.
  const trace = page.getByTestId("needle-trace");
  assert.equal(Number(await trace.getAttribute("data-screen-start-s")), 0);
  assert.equal((await clippedShading(page)).shaded, 0, "no shading where nothing is clipped");

  // The position slider moves the screen to just before the first clipped stretch: the overlay
  // shades the traces in the clipped colour over the part of the screen the stretches on it
  // cover (the findings round their ends to 10 ms), and nowhere else.
  const screenS = 0.1; // 10 ms/div across 10 divisions
  const targetS = Number((startS - 0.03).toFixed(2));
  await page.getByLabel("Position in the recording, s").fill(String(targetS));
  await page.waitForFunction((targetS) => Math.abs(Number(document.querySelector("[data-testid=needle-trace]").dataset.screenStartS) - targetS) < 0.006, targetS);
  const screenStartS = Number(await trace.getAttribute("data-screen-start-s"));
  const onScreen = clipped.filter(([start, end]) => end > screenStartS && start < screenStartS + screenS);
  const coveredShare =
    (Math.min(screenStartS + screenS, Math.max(...onScreen.map(([, end]) => end))) - Math.max(screenStartS, Math.min(...onScreen.map(([start]) => start)))) / screenS;
  const shading = await clippedShading(page);
  assert.ok(shading.shaded > 0, `the clipped stretch ${startS}–${endS} s is shaded on the screen from ${screenStartS} s`);
  assert.ok(
    shading.widthFraction > Math.max(0.02, coveredShare - 0.1) && shading.widthFraction < coveredShare + 0.12,
    `the shading spans ${shading.widthFraction.toFixed(3)} of the overlay's width; the clipped stretches ${coveredShare.toFixed(3)} of the screen`,
  );
  await saveScreenshot(page, "needle-clipped");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

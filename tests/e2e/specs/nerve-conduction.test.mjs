// Nerve conduction review: markers dragged with the mouse or moved with the keyboard change the
// latencies and velocities at once, and reset restores the automatic markers.
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { env, saveScreenshot, simulatedStudyFile } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";
import { markerPosition } from "../lib/markers.mjs";

const fixture = useSiteAndBrowser();

/** The number a table cell shows, ignoring its flag symbol and hidden words. */
const numberIn = async (cell) => Number((await cell.textContent()).match(/-?\d+(\.\d+)?/)[0]);

/** Opens the app, then the built-in demo `id` from the demo list. */
async function openDemo(id) {
  const opened = await openApp(fixture, { viewport: { width: 1300, height: 1000 } });
  await opened.page.getByTestId(`demo-${id}`).click();
  return opened;
}

/** Opens the app on its first demo and waits until the first nerve's markers are placed. */
async function openFirstNerve() {
  const opened = await openApp(fixture);
  const nerve = opened.page.getByTestId("nerve-study").first();
  await opened.page.waitForFunction(() => document.querySelector("[data-testid=marker-overlay]").getAttribute("data-marker-positions")?.includes(":O:"));
  // The impression stands above the traces: bring them into view for the pointer.
  const overlay = nerve.getByTestId("marker-overlay");
  await overlay.scrollIntoViewIfNeeded();
  return { ...opened, nerve, overlay };
}

test("dragging the elbow onset marker changes the forearm velocity live", async () => {
  const { context, page, consoleErrors, nerve, overlay } = await openFirstNerve();
  const velocityCell = nerve.getByTestId("velocity-0");
  const before = await numberIn(velocityCell);
  const findings = page.getByTestId("findings");
  assert.match(await findings.textContent(), /within normal limits/);
  const onsetBefore = await nerve.getByTestId("onset-1").textContent();
  assert.ok(before > 45 && before < 75, `automatic forearm velocity ${before} m/s`);

  const box = await overlay.boundingBox();
  const onset = await markerPosition(overlay, 1, "O");
  await page.mouse.move(box.x + onset.x, box.y + onset.y);
  await page.mouse.down();
  await page.mouse.move(box.x + onset.x + 20, box.y + onset.y, { steps: 5 });
  await page.mouse.move(box.x + onset.x + 40, box.y + onset.y, { steps: 5 });
  await page.mouse.up();
  const after = await numberIn(velocityCell);
  assert.ok(after < before - 3, `velocity after dragging the proximal onset later: ${after} (was ${before})`);
  assert.match(await velocityCell.textContent(), /abnormal/, "the slowed velocity is flagged in words, not colour alone");
  assert.match(await findings.textContent(), /slowing outside normal limits/, "the findings follow the marker");
  assert.notEqual(await nerve.getByTestId("onset-1").textContent(), onsetBefore);
  assert.match(await nerve.getByTestId("response-table").textContent(), /adjusted/);
  await saveScreenshot(page, "ncs-marker-dragged");

  await nerve.getByTestId("reset-markers").click();
  assert.equal(await numberIn(velocityCell), before, "reset restores the automatic velocity");
  assert.match(await findings.textContent(), /within normal limits/);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a marker is dragged by touch, as on a tablet", async () => {
  const { context, page, consoleErrors, nerve, overlay } = await openFirstNerve();
  const before = await numberIn(nerve.getByTestId("velocity-0"));
  const box = await overlay.boundingBox();
  const onset = await markerPosition(overlay, 1, "O");
  // Real touch input through the browser's input pipeline: touch points become pointer events
  // of type "touch", as a finger on a tablet makes them.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const touch = (type, dx) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x: box.x + onset.x + dx, y: box.y + onset.y }] });
  await touch("touchStart", 0);
  for (let dx = 5; dx <= 40; dx += 5) await touch("touchMove", dx);
  await touch("touchEnd", 40);
  const after = await numberIn(nerve.getByTestId("velocity-0"));
  assert.ok(after < before - 3, `velocity after dragging the proximal onset later by touch: ${after} (was ${before})`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("markers move with the keyboard, one sample per arrow key", async () => {
  const { context, page, consoleErrors } = await openApp(fixture);
  const nerve = page.getByTestId("nerve-study").first();
  const onsetCell = nerve.getByTestId("onset-0");
  const before = await numberIn(onsetCell);
  await nerve.getByTestId("marker-overlay").focus();
  await page.keyboard.press("ArrowDown");
  assert.match(await nerve.getByTestId("marker-selection").textContent(), /Wrist onset/);
  for (let press = 0; press < 4; press += 1) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  const after = await numberIn(onsetCell);
  // 20 kHz sampling: 4 single steps and one step of ten are 14 samples, 0.70 ms.
  assert.ok(Math.abs(after - before - 0.7) < 0.051, `onset moved from ${before} to ${after} ms`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the study-wide reset returns the markers of every nerve to automatic", async () => {
  const { context, page, consoleErrors } = await openDemo("upper-limb-normal");
  await page.getByTestId("study-title").filter({ hasText: "Upper limb" }).waitFor();
  const nerves = page.getByTestId("nerve-study");
  const onsetCells = [nerves.nth(0).getByTestId("onset-0"), nerves.nth(1).getByTestId("onset-0")];
  const automatic = [await numberIn(onsetCells[0]), await numberIn(onsetCells[1])];
  for (const nerveIdx of [0, 1]) {
    await nerves.nth(nerveIdx).getByTestId("marker-overlay").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Shift+ArrowRight");
    assert.notEqual(await numberIn(onsetCells[nerveIdx]), automatic[nerveIdx], `nerve ${nerveIdx + 1}'s onset moved`);
  }
  await page.getByTestId("reset-study-markers").click();
  assert.deepEqual([await numberIn(onsetCells[0]), await numberIn(onsetCells[1])], automatic);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the same nerve on both sides is drawn right above left on one scale", async () => {
  const { context, page, consoleErrors } = await openDemo("ulnar-elbow-block");
  const pair = page.getByTestId("left-right");
  await pair.waitFor();
  assert.equal(await pair.count(), 1, "one nerve was studied on both sides");
  assert.match(await pair.locator("h3").textContent(), /Ulnar motor, recording .*: right and left/);
  const inked = await pair.getByTestId("left-right-canvas").evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let offset = 0; offset < data.length; offset += 4) if (data[offset] < 100 && data[offset + 2] > 60) count += 1;
    return count;
  });
  assert.ok(inked > 500, `both traces are drawn (${inked} trace-coloured pixels)`);
  await pair.scrollIntoViewIfNeeded();
  await saveScreenshot(page, "ncs-left-right");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a BDF+D study file in edxview's convention opens with its markers and findings", async () => {
  const file = await simulatedStudyFile("carpal-tunnel-moderate");
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1000 } });
  await page.getByTestId("file-input").setInputFiles([file]);
  await page.getByTestId("study-title").filter({ hasText: "carpal-tunnel-moderate.bdf" }).waitFor();
  assert.equal(
    await page.getByTestId("nerve-study").count(),
    6,
    "median and ulnar motor and sensory studies, and both ring-finger studies",
  );
  assert.match(await page.getByTestId("findings").textContent(), /Bland grade 3 \(moderate\)/);
  // Nerve conductions alone localise a nerve lesion, and say what they cannot show.
  assert.match(await page.getByTestId("impression-statement").textContent(), /consistent with a right median neuropathy at the wrist, moderate/);
  assert.match(await page.getByTestId("impression-limitations").textContent(), /No needle examination/);
  // The patient reads every value with its normal range and what it means.
  await page.getByTestId("patient-view-button").click();
  const values = await page.getByTestId("patient-value").allTextContents();
  assert.ok(
    values.some((text) => /^Outside the normal range: The signal took \d+\.\d+ ms to reach the thumb muscle\. Up to 4\.4 ms is normal\./.test(text)),
    values.join("\n"),
  );
  assert.match(await page.getByTestId("plain-summary").textContent(), /one nerve of the right arm/);
  await saveScreenshot(page, "ncs-carpal-tunnel-patient-view");
  // Printed (Chromium's own PDF, the print stylesheet), the explanation fits one or two pages.
  const pdf = await page.pdf({ format: "A4" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  (await import("node:fs")).writeFileSync(path.join(env.screenshots, "ncs-carpal-tunnel-patient-view.pdf"), pdf);
  await page.getByTestId("physician-view").click();
  assert.match(await page.getByTestId("acquisition-details").first().textContent(), /Skin \d+\.\d °C/, "the recorded skin temperature is shown");
  const overlay = page.getByTestId("marker-overlay").first();
  await page.waitForFunction(() => document.querySelector("[data-testid=marker-overlay]").getAttribute("data-marker-positions")?.includes("1:O:"));
  const onset = await numberIn(page.getByTestId("nerve-study").first().getByTestId("onset-0"));
  assert.ok(onset > 4.4 && onset < 6.5, `median distal motor latency ${onset} ms, prolonged as simulated`);
  assert.ok((await overlay.getAttribute("data-marker-positions")).split(";").length >= 8, "markers on both sites");
  await saveScreenshot(page, "ncs-bdf-file-carpal-tunnel");
  await page.getByTestId("show-raw").click();
  await page.getByTestId("signal-viewer").waitFor();
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("F-wave trains and an H reflex show as rasters with their latencies and persistence", async () => {
  const { context, page, consoleErrors } = await openDemo("late-responses-normal");
  const studies = page.getByTestId("late-response-study");
  await studies.first().waitFor();
  assert.equal(await studies.count(), 4, "median, ulnar and tibial F waves and a soleus H reflex");
  const median = studies.first();
  const onsets = await median.getByTestId("late-raster").getAttribute("data-late-onsets");
  assert.ok(onsets.split(";").length >= 12, `F waves marked in most sweeps: ${onsets}`);
  const minimum = Number((await median.getByTestId("f-minimum").textContent()).match(/\d+\.\d+/)[0]);
  assert.ok(minimum > 20 && minimum < 31, `median minimum F latency ${minimum} ms`);
  assert.match(await median.getByTestId("f-persistence").textContent(), /of 20/);
  assert.match(await studies.nth(3).getByTestId("h-latency").textContent(), /\d+\.\d+ ms/);
  await saveScreenshot(page, "ncs-late-responses");

  // Correcting the train: one F wave judged to be none, another onset clicked in earlier.
  const raster = median.getByTestId("late-raster");
  const persistence = await median.getByTestId("f-persistence").textContent();
  const found = Number(persistence.match(/^(\d+) of/)[1]);
  const firstWithF = Number(onsets.split(";")[0].split(":")[0]);
  await raster.focus();
  for (let press = 0; press < firstWithF; press += 1) await page.keyboard.press("ArrowDown");
  assert.match(await median.getByTestId("late-selection").textContent(), new RegExp(`Sweep ${firstWithF}: F wave at .* \\(automatic\\)`));
  await page.keyboard.press("Delete");
  assert.match(await median.getByTestId("late-selection").textContent(), new RegExp(`Sweep ${firstWithF}: no F wave \\(set by hand\\)`));
  assert.match(await median.getByTestId("f-persistence").textContent(), new RegExp(`^${found - 1} of 20`));
  const box = await raster.boundingBox();
  const sweepLabel = await median.getByTestId("late-sweep").evaluate((select) => select.options[select.selectedIndex].textContent);
  const msPerDiv = Number(sweepLabel.match(/[\d.]+/)[0]);
  const earlierMs = minimum - 3;
  const rowIdx = firstWithF % 20;
  await page.mouse.click(box.x + 64 + (earlierMs / (msPerDiv * 10)) * (box.width - 64 - 12), box.y + 8 + rowIdx * 30 + 15);
  const corrected = Number((await median.getByTestId("f-minimum").textContent()).match(/\d+\.\d+/)[0]);
  assert.ok(Math.abs(corrected - earlierMs) < 0.2, `minimum F latency ${corrected} ms after clicking at ${earlierMs} ms`);
  await saveScreenshot(page, "ncs-late-responses-corrected");
  await median.getByTestId("late-reset").click();
  assert.equal(await median.getByTestId("f-persistence").textContent(), persistence, "reset restores the automatic train");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a study saved with a moved marker reopens with that marker, and a typed-in report opens as tables", async () => {
  const { context, page, consoleErrors } = await openApp(fixture);
  const nerve = page.getByTestId("nerve-study").first();
  await nerve.getByTestId("marker-overlay").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+ArrowRight");
  const moved = await numberIn(nerve.getByTestId("onset-0"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-study").click()]);
  assert.match(download.suggestedFilename(), /\.edxview\.json$/);
  const saved = await download.path();
  const named = `${saved}.edxview.json`;
  (await import("node:fs")).copyFileSync(saved, named);

  await page.getByTestId("file-input").setInputFiles([named]);
  // The demo has the same title and the same moved marker: wait until the saved study is on screen.
  await page.locator("[data-testid=opened-study][aria-pressed=true]").waitFor();
  await page.getByTestId("study-title").filter({ hasText: "Median motor" }).first().waitFor();
  assert.equal(await page.getByTestId("opened-file").count(), 1);
  const reopened = page.getByTestId("nerve-study").first();
  assert.equal(await numberIn(reopened.getByTestId("onset-0")), moved, "the moved marker came back");

  // Opened while the reopened study is on screen, the report is a study of its own.
  const example = path.resolve("../../docs/examples/typed-in-report.edxview.json");
  await page.getByTestId("file-input").setInputFiles([example]);
  await page.getByTestId("open-as-new-study").click();
  await page.getByTestId("reported-only").first().waitFor();
  assert.match(await page.getByTestId("findings").textContent(), /carpal tunnel/);
  await saveScreenshot(page, "ncs-typed-in-report");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

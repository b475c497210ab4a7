// The paper report most patients hold: its tables typed into the report form are explained
// like a recorded study, kept in this browser only until forgotten, and saved as a study file;
// a dropped PDF report opens the form with the reason.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { saveElementScreenshot, saveScreenshot } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

// A right carpal tunnel report as a clinic prints it: study, site, distance (mm), onset and
// peak latency (ms), amplitude (mV motor, µV sensory), velocity (m/s).
const NERVE_ROWS = [
  ["Median motor, recording APB", "Wrist", "70", "5.6", "", "6.1", ""],
  ["Median motor, recording APB", "Elbow", "230", "10.0", "", "5.8", "52"],
  ["Ulnar motor, recording ADM", "Wrist", "70", "2.9", "", "9.0", ""],
  ["Ulnar motor, recording ADM", "Below elbow", "200", "6.4", "", "8.8", "57"],
  ["Median sensory (antidromic), recording Digit 2", "Wrist", "130", "3.6", "4.5", "9", "36"],
  ["Ulnar sensory (antidromic), recording Digit 5", "Wrist", "110", "2.2", "2.9", "25", "50"],
  ["Radial sensory (antidromic), recording Snuffbox", "Forearm", "100", "1.8", "2.3", "25", "56"],
];

const NEEDLE_ROWS = [
  ["Abductor pollicis brevis", { fibrillations: "1+", recruitment: "reduced" }],
  ["First dorsal interosseous", { fibrillations: "0", recruitment: "normal" }],
  ["Pronator teres", { fibrillations: "0", recruitment: "normal" }],
  ["Biceps brachii", { fibrillations: "0", recruitment: "normal" }],
  ["Triceps brachii", { fibrillations: "0", recruitment: "normal" }],
  ["Deltoid", { fibrillations: "0", recruitment: "normal" }],
];

const STORAGE_KEY = "edxview.typed-report.v1";

async function typeNerveRow(page, rowIdx, [study, site, distance, onset, peak, amplitude, velocity]) {
  await page.getByTestId("typed-add-nerve-row").click();
  const row = page.getByTestId("typed-nerve-row").nth(rowIdx);
  await row.getByTestId("typed-study").selectOption({ label: study });
  await row.getByTestId("typed-side").selectOption("Right");
  await row.getByTestId("typed-site").fill(site);
  await row.getByTestId("typed-distance").fill(distance);
  await row.getByTestId("typed-onset").fill(onset);
  await row.getByTestId("typed-peak").fill(peak);
  await row.getByTestId("typed-amplitude").fill(amplitude);
  await row.getByTestId("typed-velocity").fill(velocity);
}

async function typeNeedleRow(page, rowIdx, [muscle, cells]) {
  await page.getByTestId("typed-add-needle-row").click();
  const row = page.getByTestId("typed-needle-row").nth(rowIdx);
  await row.getByTestId("typed-muscle").fill(muscle);
  await row.getByTestId("typed-muscle-side").selectOption("Right");
  for (const [column, value] of Object.entries(cells)) await row.locator(`select[data-column=${column}]`).selectOption(value);
}

test("a paper report typed into the form is explained like a recorded study, kept on this device until forgotten", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  await page.getByTestId("open-typed-report").click();
  await page.getByTestId("typed-report").waitFor();
  await page.getByTestId("typed-title").fill("Hand clinic report");
  await page.getByTestId("typed-age").fill("52");
  await page.getByTestId("typed-temperature").fill("32,5");
  for (const [rowIdx, values] of NERVE_ROWS.entries()) await typeNerveRow(page, rowIdx, values);
  for (const [rowIdx, values] of NEEDLE_ROWS.entries()) await typeNeedleRow(page, rowIdx, values);

  // A slip is named by its row and field, and nothing typed is lost.
  const onset = page.getByTestId("typed-nerve-row").first().getByTestId("typed-onset");
  await onset.fill("5..6");
  await page.getByTestId("typed-explain").click();
  assert.match(await page.getByTestId("typed-problems").textContent(), /Nerve row 1 \(Right Median Wrist\), onset latency: "5\.\.6" is not a number/);
  assert.equal(await onset.getAttribute("aria-invalid"), "true", "the entry itself is marked");
  assert.equal(await page.getByTestId("typed-nerve-row").first().getByTestId("typed-amplitude").getAttribute("aria-invalid"), "false");
  assert.equal(await page.getByTestId("typed-nerve-row").count(), NERVE_ROWS.length);
  await saveElementScreenshot(page.getByTestId("typed-report"), "typed-report-form");

  // Kept on this device as typed: a reload brings every row back.
  await page.reload();
  await page.getByTestId("open-typed-report").click();
  await page.getByTestId("typed-report").waitFor();
  assert.equal(await page.getByTestId("typed-title").inputValue(), "Hand clinic report");
  assert.equal(await page.getByTestId("typed-nerve-row").count(), NERVE_ROWS.length);
  assert.equal(await page.getByTestId("typed-needle-row").count(), NEEDLE_ROWS.length);
  assert.equal(await onset.inputValue(), "5..6");
  await onset.fill("5.6");

  // A value out of the usual range is questioned before anything is explained: corrected, or
  // confirmed as the report prints it.
  await onset.fill("44");
  const radialAmplitude = page.getByTestId("typed-nerve-row").nth(6).getByTestId("typed-amplitude");
  await radialAmplitude.fill("250");
  await page.getByTestId("typed-explain").click();
  const questions = page.getByTestId("typed-question");
  await questions.first().waitFor();
  assert.match(await questions.first().textContent(), /Nerve row 1 \(Right Median Wrist\), onset latency: 44 ms is unusual here\. edxview's own rule asks about values outside 1\.5 to 15 ms\. Perhaps 4\.4 was meant\./);
  assert.equal(await onset.evaluate((input) => input.classList.contains("questioned")), true, "the entry itself is marked");
  assert.equal(await page.getByTestId("study-title").count(), 0, "nothing explained yet");
  await saveElementScreenshot(page.getByTestId("typed-report"), "typed-report-questioned");
  await onset.fill("5.6");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=typed-question]").length === 1);
  assert.match(await questions.first().textContent(), /Right Radial Forearm\), amplitude: 250 µV/);
  await page.getByTestId("typed-confirm").check();
  await radialAmplitude.fill("25");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=typed-question]").length === 0);

  // Saved as a study file that holds the values as typed.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("typed-save").click()]);
  assert.equal(download.suggestedFilename(), "hand-clinic-report.edxview.json");
  const saved = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  assert.equal(saved.format, "edxview-study");
  assert.equal(saved.nerves.length, 5);
  assert.equal(saved.nerves[0].sites[1].reported.conduction_velocity_m_per_s, 52);
  assert.equal(saved.needle_examination.length, 6);

  // Explained: the nerve conductions judged, the impression, and the patient's plain words.
  await page.getByTestId("typed-explain").click();
  await page.getByTestId("study-title").filter({ hasText: "Hand clinic report" }).waitFor();
  await page.getByTestId("impression-statement").waitFor();
  assert.match(await page.getByTestId("impression-statement").textContent(), /right median neuropathy at the wrist/);
  assert.match(await page.getByTestId("findings").textContent(), /median/i);
  await page.getByTestId("patient-view-button").click();
  assert.match(await page.getByTestId("plain-summary").textContent(), /a problem in one nerve of the right arm/);
  assert.ok((await page.getByTestId("patient-value").count()) >= 6, "every typed value explained");
  await saveScreenshot(page, "typed-report-explained");
  assert.match(await page.getByTestId("plain-impression").textContent(), /wrist/);
  await page.getByTestId("physician-view").click();

  // Forgotten on request: the form is empty and the browser holds nothing.
  await page.getByTestId("open-typed-report").click();
  await page.getByTestId("typed-forget").click();
  await page.getByTestId("typed-forget-confirm").click();
  assert.equal(await page.getByTestId("typed-nerve-row").count(), 0);
  assert.equal(await page.getByTestId("typed-title").inputValue(), "");
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY), null);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a dropped PDF report opens the report form, saying why its tables are typed in", async () => {
  const { context, page, consoleErrors } = await openApp(fixture);
  const pdf = { name: "clinic-report.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n") };
  await page.getByTestId("file-input").setInputFiles([pdf]);
  const note = page.getByTestId("typed-report-pdf-note");
  await note.waitFor();
  assert.match(await note.textContent(), /clinic-report\.pdf, a PDF report\. A PDF's tables cannot be read reliably/);
  assert.match(await note.textContent(), /nothing you type leaves this device/);
  const file = page.getByTestId("opened-file").filter({ hasText: "clinic-report.pdf" });
  assert.match(await file.textContent(), /type its tables into edxview's report form/);
  assert.equal(await file.evaluate((item) => item.classList.contains("error")), false, "a report is not a failure");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// The teaching simulator: a condition and its settings give a whole study, simulated and
// analysed in the worker; each change of a setting updates the traces, the needle table and the
// impression, the page stays responsive meanwhile, and each muscle's recording plays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { saveScreenshot } from "../lib/browser.mjs";
import { canvasFingerprint } from "../lib/app.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

/** Waits until the study on screen is the simulation titled with `title` and fully shown. */
async function simulated(page, title) {
  await page.getByTestId("study-title").filter({ hasText: title }).waitFor({ timeout: 120_000 });
  await page.getByTestId("impression").waitFor();
  await page.getByTestId("needle-exam-row").first().waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=marker-overlay]")?.getAttribute("data-marker-positions")?.includes(":O:"));
}

/** What the study shows: impression, table, first nerve's table and traces. */
async function shown(page) {
  return {
    impression: await page.getByTestId("impression").textContent(),
    table: (await page.getByTestId("needle-exam-row").allTextContents()).join("\n"),
    nerve: await page.getByTestId("nerve-study").first().getByTestId("response-table").textContent(),
    traces: await canvasFingerprint(page),
  };
}

test("a simulator setting changes the traces, the needle table and the impression", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  const simulator = page.getByTestId("simulator");
  await simulator.getByTestId("sim-show").click();
  await simulated(page, "Simulated: left L5 radiculopathy, moderate, 8 weeks after onset");
  await page.waitForFunction(() => location.hash.startsWith("#demo=sim_l5-radiculopathy_left_moderate_8w_33c_typical"));
  const l5 = await shown(page);
  assert.match(l5.impression, /L5 radiculopathy/);
  await saveScreenshot(page, "simulator-l5");

  // Another level: another study, read as that level. The page answers while the worker works.
  await simulator.getByTestId("sim-condition").selectOption({ label: "S1 radiculopathy" });
  await page.getByTestId("patient-view-button").click();
  assert.equal(await page.getByTestId("patient-view-button").getAttribute("aria-pressed"), "true", "the page responds while simulating");
  await page.getByTestId("physician-view").click();
  await simulated(page, "Simulated: left S1 radiculopathy");
  const s1 = await shown(page);
  assert.notEqual(s1.table, l5.table, "other muscles sampled and denervated");
  assert.notEqual(s1.impression, l5.impression);
  assert.match(s1.impression, /S1 radiculopathy|cannot tell|not localis/i);

  // A cooler limb: the same lesion, slower conduction, other traces.
  await simulator.getByTestId("sim-temperature").selectOption({ label: "28 °C" });
  await simulated(page, "skin 28 °C");
  const cool = await shown(page);
  assert.notEqual(cool.nerve, s1.nerve, "the first nerve's latencies and velocity changed");
  assert.notEqual(cool.traces, s1.traces, "its traces were redrawn");
  assert.match(await page.getByTestId("study-page").textContent(), /Skin 28(\.0)? °C/, "the temperature is stated with the traces");

  // Severe: more denervation, and the impression says how severe.
  await simulator.getByTestId("sim-severity").selectOption({ label: "Severe" });
  await simulated(page, "S1 radiculopathy, severe");
  const severe = await shown(page);
  assert.notEqual(severe.table, cool.table, "the fibrillation grades follow the severity");

  // Each muscle's recording plays.
  await page.getByTestId("play-sound").click();
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=needle-overlay]")?.dataset.cursorS) > 0.3, null, { timeout: 10_000 });
  await page.getByTestId("play-sound").click();
  await saveScreenshot(page, "simulator-s1-severe-cool");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

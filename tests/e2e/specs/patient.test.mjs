// Every demo study as the patient reads it: plain words, the body figure with what was tested,
// the standing note that this explains and does not diagnose, and never "you have".
import { test } from "node:test";
import assert from "node:assert/strict";
import { saveElementScreenshot } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

test("every demo study reads in the patient view: plain words, the body figure, and no diagnosis", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("patient-view-button").click();
  const demoIds = await page.locator("button.demo").evaluateAll((buttons) => buttons.map((button) => button.dataset.testid));
  assert.ok(demoIds.length >= 20, `the demo list offers ${demoIds.length} demos`);
  let withImpression = 0;
  for (const demoId of demoIds) {
    await page.getByTestId(demoId).click();
    await page.waitForFunction(
      () => !document.querySelector("[data-testid=demo-loading]") && document.querySelector("[data-testid=impression], [data-testid=needle-patient-view]"),
      undefined,
      { timeout: 120_000 },
    );
    const area = page.getByRole("region", { name: "Study view" });
    assert.doesNotMatch(await area.textContent(), /\byou have\b/i, `${demoId}: never "you have"`);
    const name = demoId.replace(/^demo-/, "");
    if ((await page.getByTestId("impression").count()) > 0) {
      withImpression += 1;
      const impression = page.getByTestId("impression");
      assert.ok((await impression.getByTestId("plain-summary").textContent()).length > 20, `${demoId}: a summary in plain words`);
      assert.match(await impression.getByTestId("plain-disclaimer").textContent(), /does not make a diagnosis/, demoId);
      assert.equal(await impression.getByTestId("body-figure").count(), 1, `${demoId}: the body figure`);
      assert.ok((await impression.getByTestId("tested-item").count()) > 0, `${demoId}: what was tested, listed`);
      await saveElementScreenshot(impression, `patient-${name}`);
    } else {
      await saveElementScreenshot(page.getByTestId("needle-patient-view").first(), `patient-${name}`);
    }
  }
  assert.ok(withImpression >= 15, `${withImpression} demos with an impression`);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

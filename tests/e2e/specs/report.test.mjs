// The whole study's report: downloaded from the app, it is the document `edx report --html`
// writes for the same files (one core, so the two never disagree), and Chromium prints it on
// numbered pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env, simulatedWholeStudyFiles } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

test("the report downloaded from the app is the report `edx report` writes for the same files, and prints on numbered pages", async () => {
  const files = await simulatedWholeStudyFiles("study-c7-radiculopathy");
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 9, undefined, { timeout: 120_000 });
  await page.getByTestId("impression-statement").waitFor();
  await page.locator("details.report-download summary").click();
  const comment = "Neck pain radiating to the right middle finger for 8 weeks.";
  await page.getByTestId("report-comment").fill(comment);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
  assert.match(download.suggestedFilename(), /-report\.html$/);
  const fromApp = fs.readFileSync(await download.path(), "utf8");
  const fromCli = execFileSync(env.edx, ["report", ...files, "--html", "--comment", comment], { encoding: "utf8" });
  // The title names the files as each was given them; everything after the header is the same.
  const afterHeader = (html) => html.slice(html.indexOf("</header>"));
  assert.equal(afterHeader(fromApp), afterHeader(fromCli), "the app and the command line report the same tables and impression");
  assert.match(fromApp, /consistent with a right C7 radiculopathy/);
  assert.match(fromApp, new RegExp(comment));

  // Printed by Chromium (A4): numbered pages, the header on the first, the impression and sources on the last.
  const printed = await context.newPage();
  await printed.setContent(fromApp);
  const pdf = await printed.pdf({ format: "A4", displayHeaderFooter: false });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2 && pages <= 4, `${pages} pages`);
  fs.writeFileSync(path.join(env.screenshots, "report-c7.pdf"), pdf);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

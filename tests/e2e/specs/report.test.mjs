// The whole study's report: downloaded from the app, it is the document `edx report --html`
// writes for the same files (one core, so the two never disagree), and Chromium prints it on
// numbered pages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env, saveElementScreenshot, simulatedWholeStudyFiles } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";
import { pageTexts } from "../lib/pdf.mjs";

const fixture = useSiteAndBrowser();

test("the report downloaded from the app is the report `edx report` writes for the same files, and prints on numbered pages", async () => {
  const files = await simulatedWholeStudyFiles("study-c7-radiculopathy");
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 9, undefined, { timeout: 120_000 });
  await page.getByTestId("impression-statement").waitFor();
  await page.locator("details.report-download summary").click();
  const comment = "Neck pain radiating to the right middle finger for 8 weeks.";
  const reason = "Right C7 radiculopathy? Weak triceps.";
  await page.getByTestId("report-comment").fill(comment);
  await page.getByTestId("report-reason").fill(reason);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
  assert.match(download.suggestedFilename(), /-report\.html$/);
  const fromApp = fs.readFileSync(await download.path(), "utf8");
  const fromCli = execFileSync(env.edx, ["report", ...files, "--html", "--reason", reason, "--comment", comment], { encoding: "utf8" });
  // The title names the files as each was given them; everything after it is the same.
  const afterTitle = (html) => html.slice(html.indexOf('<dl class="header">'));
  assert.equal(afterTitle(fromApp), afterTitle(fromCli), "the app and the command line report the same header, tables and impression");
  assert.match(fromApp, /<dt>Reason for study<\/dt><dd>Right C7 radiculopathy\? Weak triceps\.<\/dd>/);
  assert.match(fromApp, /consistent with a right C7 radiculopathy/);
  assert.match(fromApp, new RegExp(comment));
  assert.equal(fromApp.match(/<figure class="traces"><svg /g)?.length, 6, "a small image of each nerve's traces");

  // Printed by Chromium on A4 and on Letter: numbered pages, the header on the first, every
  // section in order, the sources last.
  const printed = await context.newPage();
  await printed.setContent(fromApp);
  for (const format of ["A4", "Letter"]) {
    const pdf = await printed.pdf({ format, displayHeaderFooter: false });
    fs.writeFileSync(path.join(env.screenshots, `report-c7-${format.toLowerCase()}.pdf`), pdf);
    const pages = await pageTexts(pdf);
    assert.ok(pages.length >= 2 && pages.length <= 4, `${format}: ${pages.length} pages`);
    pages.forEach((text, index) => assert.match(text, new RegExp(`Page ${index + 1} of ${pages.length}`), `${format} page ${index + 1}`));
    assert.match(pages[0], /EMG report: study-c7-radiculopathy/);
    assert.match(pages[0], /Age 45 years .*Studies done 6 nerve conduction studies; needle examination of 9 muscles/);
    const whole = pages.join(" ");
    const sections = ["Nerve conduction studies", "Comparisons", "Needle examination", "Impression", "Comment", "Sources"];
    const positions = sections.map((section) => whole.indexOf(section));
    assert.ok(positions.every((position, index) => position > (positions[index - 1] ?? -1)), `${format}: sections in order ${positions}`);
    assert.equal(whole.split("negative up").length - 1, 6, `${format}: every trace image printed with its scale`);
    // Each nerve's table and its traces are printed on the same page.
    pages.forEach((text, index) => {
      const count = (needle) => text.split(needle).length - 1;
      assert.equal(count(", recording "), count("negative up"), `${format} page ${index + 1}: a nerve's title and its traces together`);
    });
    // A table that runs onto the next page repeats its header there.
    pages.slice(1).forEach((text, index) => {
      if (/Triceps|Deltoid|Pronator/.test(text.slice(0, 400)) && !/Needle examination/.test(text)) {
        assert.match(text, /Muscle Side Insertional/, `${format} page ${index + 2} repeats the needle table's header`);
      }
    });
    // Every muscle of the needle table is printed exactly once (no row lost or split in two).
    for (const muscle of ["Triceps brachii", "Biceps brachii", "Deltoid", "Pronator teres", "Flexor carpi radialis"]) {
      assert.equal(whole.split(muscle).length - 1 >= 1, true, `${format}: ${muscle} printed`);
    }
  }
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the report prints from the page, its reason and comment are kept in the study file and come back with it", async () => {
  const files = await simulatedWholeStudyFiles("study-carpal-tunnel");
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  // The browser's print dialog cannot open headless: each frame's print() is recorded instead.
  await context.addInitScript(() => {
    window.print = () => {
      window.top.edxPrinted = { title: document.title, sheets: document.styleSheets.length };
    };
  });
  await page.reload();
  await page.getByTestId("file-input").setInputFiles(files);
  await page.waitForFunction(() => /^study-carpal-tunnel/.test(document.querySelector("[data-testid=study-title]")?.textContent ?? ""), undefined, { timeout: 120_000 });
  await page.getByTestId("impression-statement").waitFor();
  await page.locator("details.report-download summary").click();
  const comment = "Numb right hand at night for a year.";
  const reason = "Carpal tunnel syndrome?";
  await page.getByTestId("report-comment").fill(comment);
  await page.getByTestId("report-reason").fill(reason);
  await saveElementScreenshot(page.locator("details.report-download"), "report-and-exports");
  await page.getByTestId("print-report").click();
  await page.waitForFunction(() => window.edxPrinted !== undefined);
  const printed = await page.evaluate(() => window.edxPrinted);
  assert.match(printed.title, /^EMG report: /);
  assert.equal(printed.sheets, 1, "the report's stylesheet loaded under the page's Content-Security-Policy");
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  const inFrame = await frame.evaluate(() => ({
    text: document.body.innerText,
    pageRule: [...document.styleSheets[0].cssRules].some((rule) => rule.constructor.name === "CSSPageRule"),
  }));
  assert.ok(inFrame.pageRule, "paged media rules apply to the printed report");
  assert.match(inFrame.text, /consistent with a right median neuropathy at the wrist/);
  assert.match(inFrame.text, new RegExp(comment));
  assert.match(inFrame.text, /Reason for study\s+Carpal tunnel syndrome\?/);

  // Saved with the study, the comment comes back when the study file is opened again.
  const [studyDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-study").click()]);
  const savedPath = `${await studyDownload.path()}.edxview.json`;
  fs.copyFileSync(await studyDownload.path(), savedPath);
  const savedStudy = JSON.parse(fs.readFileSync(savedPath, "utf8"));
  assert.deepEqual([savedStudy.reason_for_study, savedStudy.comment], [reason, comment]);
  const reopened = await context.newPage();
  await reopened.goto(fixture.site.url);
  await reopened.getByTestId("file-input").setInputFiles([savedPath]);
  await reopened.getByTestId("impression-statement").waitFor();
  await reopened.locator("details.report-download summary").click();
  assert.equal(await reopened.getByTestId("report-comment").inputValue(), comment);
  assert.equal(await reopened.getByTestId("report-reason").inputValue(), reason);

  // Every measurement downloads as CSV, nerve conduction and needle, each judged value with its limit and source.
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-csv").click()]);
  const csv = fs.readFileSync(await csvDownload.path(), "utf8");
  assert.match(csv, /^section,nerve_or_muscle,side,study,recording_site,place,measure,value,unit,normal_limit,abnormal,limit_source,value_from,basis$/m);
  assert.match(csv, /^nerve conduction,Median,Right,motor,APB,Wrist,onset latency,\d\.\d\d,ms,≤ 4\.4 ms,yes,"Preston/m);
  assert.match(csv, /^needle examination,Abductor pollicis brevis,Right,needle EMG,,,Fibs\/PSWs,/m);

  // The nerve conduction sweeps download as EDF+D in edxview's convention, read back as the same studies.
  const [edfDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-edf").click()]);
  assert.match(edfDownload.suggestedFilename(), /-nerve-conductions\.edf$/);
  const edfPath = `${await edfDownload.path()}.edf`;
  fs.copyFileSync(await edfDownload.path(), edfPath);
  assert.equal(JSON.parse(execFileSync(env.edx, ["inspect", edfPath, "--json"], { encoding: "utf8" }))[0].format, "EDF+D");
  const titles = (file) => JSON.parse(execFileSync(env.edx, ["analyze", file, "--json"], { encoding: "utf8" }))[0].nerves.map((nerve) => nerve.title);
  assert.deepEqual(titles(edfPath), titles(files[0]), "the same nerve conduction studies");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

// One study from several files: a nerve conduction file and needle recordings of several
// muscles dropped together open as one study, and a file opened while a study is on screen is
// added to it or opened on its own, as the user says.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { saveElementScreenshot, saveScreenshot, simulatedNeedleFile, simulatedStudyFile, simulatedWholeStudyFiles, writeFigures } from "../lib/browser.mjs";
import { openApp, useSiteAndBrowser } from "../lib/fixture.mjs";

const fixture = useSiteAndBrowser();

const needleTabs = (page) => page.getByRole("group", { name: "Needle channels" }).getByRole("button");

test("a nerve conduction file and two needle recordings dropped together open as one study", async () => {
  const files = [
    await simulatedStudyFile("carpal-tunnel-moderate"),
    await simulatedNeedleFile("needle-normal", 6),
    await simulatedNeedleFile("needle-neurogenic", 8),
  ];
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles(files);
  await page.getByTestId("study-title").filter({ hasText: "carpal-tunnel-moderate.bdf and 2 more files" }).waitFor();

  assert.equal(await page.getByTestId("nerve-study").count(), 6, "the nerve conduction studies of the first file");
  assert.match(await page.getByTestId("findings").textContent(), /Bland grade 3 \(moderate\)/);
  const tabs = needleTabs(page);
  assert.equal(await tabs.count(), 2, "a tab per needle recording");
  assert.match(await tabs.nth(0).textContent(), /needle-normal-6s\.bdf/);
  assert.match(await tabs.nth(1).textContent(), /needle-neurogenic-8s\.bdf/);
  await page.getByTestId("needle-view").waitFor();
  assert.doesNotMatch(await page.getByTestId("needle-pattern").textContent(), /neurogenic/);
  await tabs.nth(1).click();
  await page.waitForFunction(() => /neurogenic/.test(document.querySelector("[data-testid=needle-pattern]")?.textContent ?? ""));

  // A duration marker moved by hand stays with its unit while another channel is shown.
  const unitEnd = () => page.getByTestId("unit-card").first().getByTestId("unit-end");
  const automaticEnd = await unitEnd().inputValue();
  await unitEnd().fill(String(Number(automaticEnd) + 2));
  await unitEnd().dispatchEvent("change");
  const movedEnd = await unitEnd().inputValue();
  assert.notEqual(movedEnd, automaticEnd, "the end marker moved");
  await tabs.nth(0).click();
  await page.waitForFunction(() => !/neurogenic/.test(document.querySelector("[data-testid=needle-pattern]")?.textContent ?? "neurogenic"));
  await tabs.nth(1).click();
  await page.waitForFunction(() => /neurogenic/.test(document.querySelector("[data-testid=needle-pattern]")?.textContent ?? ""));
  assert.equal(await unitEnd().inputValue(), movedEnd, "the moved marker came back with its channel");
  assert.equal(await page.getByTestId("opened-study").count(), 1, "one study in the list");
  assert.match(await page.getByTestId("opened-study").textContent(), /6 nerve conduction studies, 3 recordings/);
  assert.equal(await page.getByTestId("show-raw").count(), 3, "each file's signals can be shown as recorded");
  await saveScreenshot(page, "study-three-files");

  // A file opened while the study is on screen: the user is asked where it belongs.
  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-myopathic", 5)]);
  await page.getByTestId("waiting-files").waitFor();
  assert.match(await page.getByTestId("waiting-files").textContent(), /needle-myopathic-5s\.bdf/);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "add-to-study", "the question takes the focus");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("[role=group][aria-label='Needle channels'] button").length === 3);
  assert.match(await page.getByTestId("study-title").textContent(), /carpal-tunnel-moderate\.bdf and 2 more files/, "adding a file keeps the title");
  // The added recording is the third channel, analysed as its own muscle.
  assert.match(await tabs.nth(2).textContent(), /needle-myopathic-5s\.bdf/);
  await tabs.nth(2).click();
  await page.waitForFunction(() => /consistent with a myopathic process/.test(document.querySelector("[data-testid=needle-pattern]")?.textContent ?? ""));
  assert.equal(await page.getByText("no longer open").count(), 0);
  assert.equal(await page.getByTestId("opened-study").count(), 1, "still one study");
  assert.equal(await page.getByTestId("waiting-files").count(), 0, "the question is gone once answered");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("moved markers stay when a needle recording is added to the study", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1400, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles([await simulatedStudyFile("median-motor-normal")]);
  await page.getByTestId("study-title").filter({ hasText: "median-motor-normal.bdf" }).waitFor();
  const nerve = page.getByTestId("nerve-study").first();
  await page.waitForFunction(() => document.querySelector("[data-testid=marker-overlay]")?.getAttribute("data-marker-positions")?.includes(":O:"));
  const automatic = await nerve.getByTestId("onset-0").textContent();
  await nerve.getByTestId("marker-overlay").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+ArrowRight");
  const moved = await nerve.getByTestId("onset-0").textContent();
  assert.notEqual(moved, automatic, "the onset moved");

  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-normal", 4)]);
  await page.getByTestId("add-to-study").click();
  await page.getByTestId("needle-view").waitFor();
  assert.equal(await page.getByTestId("nerve-study").first().getByTestId("onset-0").textContent(), moved, "the moved marker stays");
  assert.match(await page.getByTestId("nerve-study").first().getByTestId("response-table").textContent(), /adjusted/);

  // Another demo and back: the work on the study is kept.
  await page.getByTestId("demo-upper-limb-normal").click();
  await page.getByTestId("study-title").filter({ hasText: "Upper limb" }).waitFor();
  await page.getByTestId("opened-study").click();
  await page.getByTestId("study-title").filter({ hasText: "median-motor-normal.bdf" }).waitFor();
  assert.equal(await page.getByTestId("nerve-study").first().getByTestId("onset-0").textContent(), moved, "kept while away");
  assert.match(await page.getByTestId("nerve-study").first().getByTestId("response-table").textContent(), /adjusted/);

  // Choosing the study on screen again leaves it as it is: the sweep chosen stays.
  await page.getByTestId("needle-sweep").selectOption({ label: "20 ms/div" });
  await page.getByTestId("opened-study").click();
  assert.equal(await page.getByTestId("needle-sweep").evaluate((select) => select.options[select.selectedIndex].textContent), "20 ms/div");

  // Escape puts the question away without opening anything.
  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-neurogenic", 4)]);
  await page.getByTestId("waiting-files").waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.getByTestId("waiting-files").count(), 0);
  assert.doesNotMatch(await page.getByTestId("opened-files").textContent(), /needle-neurogenic-4s\.bdf/, "nothing was opened");

  // Opened on its own instead, a file makes a second study.
  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-myopathic", 4)]);
  await page.getByTestId("open-as-new-study").click();
  await page.getByTestId("study-title").filter({ hasText: "needle-myopathic-4s.bdf" }).waitFor();
  assert.equal(await page.getByTestId("opened-study").count(), 2);
  assert.match(await page.getByTestId("opened-study").nth(1).textContent(), /BDF\+C, 1 channel, 4\.0 s/, "what the study holds, its samples counted");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the worker answers a demo that does not exist with an error naming it", async () => {
  const { context, page } = await openApp(fixture);
  // The demo list only offers real demos; the worker's answer to a wrong identifier is checked
  // through its message protocol, as the page would post it.
  const reply = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const worker = new Worker("./worker_loader.js");
        worker.onmessage = (event) => {
          const message = JSON.parse(event.data.reply);
          if (message.kind === "Ready") worker.postMessage({ request: JSON.stringify({ kind: "Demo", request_id: 7, demo_id: "no-such-demo" }) });
          else if (message.kind === "Error" || message.kind === "Study") {
            worker.terminate();
            resolve(message);
          }
        };
      }),
  );
  assert.equal(reply.kind, "Error");
  assert.equal(reply.request_id, 7);
  assert.match(reply.message, /no-such-demo/);
  await context.close();
});

test("a nerve conduction file and four labelled needle recordings make one study with a needle examination table the keyboard edits", async () => {
  const files = [
    await simulatedStudyFile("carpal-tunnel-moderate"),
    await simulatedNeedleFile("needle-neurogenic", 6, { label: "EMG L Tibialis anterior", name: "left-ta.bdf" }),
    await simulatedNeedleFile("needle-normal", 6, { label: "R_Delt", name: "right-deltoid.bdf" }),
    await simulatedNeedleFile("needle-myopathic", 6, { label: "APB R", name: "right-apb.bdf" }),
    await simulatedNeedleFile("needle-abundant-fibrillations", 12, { label: "L5 PSP L", name: "left-l5-paraspinal.bdf" }),
  ];
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles(files);
  await page.getByTestId("study-title").filter({ hasText: "carpal-tunnel-moderate.bdf and 4 more files" }).waitFor();
  const table = page.getByTestId("needle-exam");
  await table.waitFor();
  const rows = table.getByTestId("needle-exam-row");
  assert.equal(await rows.count(), 4, "a row per needle recording");
  const muscles = await rows.getByTestId("needle-exam-muscle").allTextContents();
  assert.deepEqual(muscles, ["Tibialis anterior", "Deltoid", "Abductor pollicis brevis", "Lumbar paraspinals, L5"]);
  const sides = await rows.locator("td:nth-of-type(1)").allTextContents();
  assert.deepEqual(sides, ["Left", "Right", "Right", "Left"]);

  // Filled from the analyses: the neurogenic tibialis recruits few units and fibrillates.
  const cell = (row, column) => rows.nth(row).locator(`td[data-column="${column}"]`);
  assert.equal(await cell(0, "Recruitment").locator("select").inputValue(), "reduced");
  assert.match(await cell(0, "Recruitment").textContent(), /abnormal/, "marked in words, not colour alone");
  assert.match(await cell(0, "Fibs/PSWs").locator("select").inputValue(), /[1-4]\+/);
  assert.equal(await cell(0, "Fibs/PSWs").locator("abbr").textContent(), "A");
  assert.match(await cell(3, "Fibs/PSWs").locator("select").inputValue(), /[34]\+/, "the paraspinal's abundant fibrillation potentials");
  assert.equal(await cell(1, "Amplitude").locator("select").inputValue(), "—", "no reference values for the deltoid");

  // The keyboard changes a grade: focus the deltoid's fibrillation cell and press 2.
  const deltoidFibs = cell(1, "Fibs/PSWs").locator("select");
  assert.equal(await deltoidFibs.getAttribute("aria-label"), "Deltoid right, fibrillation potentials and positive sharp waves");
  await deltoidFibs.focus();
  await page.keyboard.press("2");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]")[1].querySelector("td[data-column='Fibs/PSWs'] abbr").textContent === "T");
  assert.equal(await deltoidFibs.inputValue(), "2+");
  assert.match(await cell(1, "Fibs/PSWs").textContent(), /abnormal/);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Deltoid right, fasciculation potentials", "Tab moves to the next cell");

  // A muscle examined without a recording here is added by name.
  await table.getByTestId("add-muscle-name").fill("Biceps");
  await table.getByRole("button", { name: "Add muscle" }).click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 5);
  assert.equal(await rows.nth(4).getByTestId("needle-exam-muscle").textContent(), "Biceps brachii");

  // A row's muscle and side chosen again (a label can name the wrong muscle, or none).
  await rows.nth(2).getByRole("button", { name: "Change" }).click();
  await rows.nth(2).getByTestId("change-muscle-name").fill("ADM");
  await rows.nth(2).getByLabel("Side").selectOption("Left");
  await rows.nth(2).getByRole("button", { name: "Apply" }).click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-muscle]")[2].textContent === "Abductor digiti minimi (hand)");
  assert.equal(await rows.nth(2).locator("td:nth-of-type(1)").textContent(), "Left");
  assert.match(await needleTabs(page).nth(2).textContent(), /^Abductor digiti minimi \(hand\), left \(APB R\)/, "the tab follows");
  await saveElementScreenshot(table, "needle-examination-table-alone");

  // The CSV and the saved study file follow the table.
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), table.getByTestId("download-needle-csv").click()]);
  const csv = fs.readFileSync(await csvDownload.path(), "utf8");
  assert.match(csv, /^Deltoid,deltoid,Right,fibrillations,2\+,true,typed,$/m);
  assert.match(csv, /^Biceps brachii,biceps_brachii,,insertional,,,,$/m);
  const [studyDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("save-study").click()]);
  const savedPath = `${await studyDownload.path()}.edxview.json`;
  fs.copyFileSync(await studyDownload.path(), savedPath);
  const saved = JSON.parse(fs.readFileSync(savedPath, "utf8"));
  assert.equal(saved.version, 2);
  const deltoidRow = saved.needle_examination.find((row) => row.muscle_id === "deltoid");
  assert.deepEqual(deltoidRow.recording, { file: "right-deltoid.bdf", channel: "R_Delt" });
  assert.deepEqual([deltoidRow.cells.fibrillations.value, deltoidRow.cells.fibrillations.source], ["2+", "typed"]);
  assert.equal(saved.needle_examination.length, 5);

  // A row opens its muscle's recording.
  await rows.nth(2).getByRole("button", { name: "Open recording" }).click();
  const tabs = needleTabs(page);
  assert.equal(await tabs.nth(2).getAttribute("aria-pressed"), "true");
  assert.match(await page.getByTestId("needle-muscle").textContent(), /^Needle EMG: Abductor digiti minimi \(hand\), left \(APB R\)/, "the view names its muscle and side");
  assert.match(await page.getByTestId("unit-gallery-heading").textContent(), /^Motor units of Abductor digiti minimi \(hand\), left \(APB R\)/, "so does its unit gallery");
  assert.match(await page.getByTestId("needle-overlay").getAttribute("aria-label"), /^Needle EMG of Abductor digiti minimi \(hand\), left \(APB R\)/, "and its screen");
  await saveScreenshot(page, "needle-examination-table");

  // The saved study opened again with its recordings: the typed grade stands, each analysed row
  // joins its recording again, and the muscle added by hand is there.
  await page.getByTestId("file-input").setInputFiles([savedPath, ...files.slice(1)]);
  await page.getByTestId("open-as-new-study").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=opened-study]").length === 2);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 5);
  assert.equal(await cell(1, "Fibs/PSWs").locator("select").inputValue(), "2+");
  assert.equal(await cell(1, "Fibs/PSWs").locator("abbr").textContent(), "T");
  assert.equal(await cell(0, "Recruitment").locator("abbr").textContent(), "A", "analysed again from the recording");
  assert.equal(await rows.nth(4).getByTestId("needle-exam-muscle").textContent(), "Biceps brachii");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("what is typed in the needle table survives a file added and a reload, kept on the device only", async () => {
  const files = [
    await simulatedNeedleFile("needle-normal", 4, { label: "EMG R Deltoid", name: "reload-deltoid.bdf" }),
    await simulatedNeedleFile("needle-myopathic", 4, { label: "EMG R Biceps", name: "reload-biceps.bdf" }),
  ];
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  await page.getByTestId("file-input").setInputFiles(files);
  const rows = page.getByTestId("needle-exam-row");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 2);
  const activation = (row) => rows.nth(row).locator('td[data-column="Activation"] select');
  await activation(0).focus();
  await page.keyboard.press("p");
  await page.waitForFunction(() => document.querySelector("[data-testid=needle-exam-row] td[data-column='Activation'] abbr").textContent === "T");
  assert.equal(await activation(0).inputValue(), "poor effort");

  // A file added to the study keeps the edit and gains its own row.
  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-neurogenic", 4, { label: "EMG R Tibialis a", name: "reload-ta.bdf" })]);
  await page.getByTestId("add-to-study").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 3);
  assert.equal(await activation(0).inputValue(), "poor effort");
  await activation(2).focus();
  await page.keyboard.press("f");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]")[2].querySelector("td[data-column='Activation'] abbr").textContent === "T");

  // A reload before saving: the same files opened again bring the edits back, and the page says so.
  await page.reload();
  await page.getByTestId("file-input").setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 2);
  await page.getByTestId("file-input").setInputFiles([await simulatedNeedleFile("needle-neurogenic", 4, { label: "EMG R Tibialis a", name: "reload-ta.bdf" })]);
  await page.getByTestId("add-to-study").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 3);
  // The rows of the first two files were restored as they opened; the grown study's are kept too.
  assert.equal(await activation(0).inputValue(), "poor effort");
  assert.match(await page.getByTestId("needle-exam-restored").textContent(), /on this device only/);
  await page.getByRole("button", { name: "Discard them" }).click();
  await page.waitForFunction(() => document.querySelector("[data-testid=needle-exam-row] td[data-column='Activation'] select").value === "—");
  assert.equal(await page.getByTestId("needle-exam-restored").count(), 0);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("a whole-study demo opens with its nerve conductions and a needle table of eight muscles", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  await page.getByTestId("demo-study-l5-radiculopathy").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 8, null, { timeout: 90_000 });
  assert.equal(await page.getByTestId("nerve-study").count(), 6, "peroneal, tibial, sural and superficial peroneal, and the other leg's sensory responses");
  const rows = page.getByTestId("needle-exam-row");
  const muscles = await rows.getByTestId("needle-exam-muscle").allTextContents();
  assert.equal(muscles[0], "Tibialis anterior");
  assert.equal(muscles[7], "Lumbar paraspinals, L5");
  const fibs = (row) => rows.nth(row).locator('td[data-column="Fibs/PSWs"] select').inputValue();
  assert.match(await fibs(0), /[1-4]\+/, "an L5 muscle fibrillates");
  assert.equal(await fibs(3), "0", "the medial gastrocnemius (S1) does not");
  await saveElementScreenshot(page.getByTestId("needle-exam"), "needle-examination-l5-demo");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("the impression of a C7 radiculopathy demo follows a grade changed in the needle table", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  await page.getByTestId("demo-study-c7-radiculopathy").click();
  const statement = page.getByTestId("impression-statement");
  await page.waitForFunction(() => /C7 radiculopathy/.test(document.querySelector("[data-testid=impression-statement]")?.textContent ?? ""), null, { timeout: 90_000 });
  assert.equal(await statement.textContent(), "Electrodiagnostic findings consistent with a right C7 radiculopathy, mild, with ongoing denervation.");
  assert.match(await page.getByTestId("impression-severity").textContent(), /Severity: mild.*needle examination only.*edxview's own rule/s);
  await saveElementScreenshot(page.getByTestId("impression"), "impression-c7-demo");
  // The patient reads the same impression in plain words.
  await page.getByTestId("patient-view-button").click();
  assert.match(await page.getByTestId("plain-summary").textContent(), /fit with a problem in a nerve root in the neck \(C7\)/);
  assert.match(await page.getByTestId("plain-severity").textContent(), /^Mild/);
  assert.match(await page.getByTestId("plain-since-when").textContent(), /^Recent/);
  assert.ok((await page.getByTestId("plain-questions").locator("li").count()) >= 3, "questions for the doctor");
  assert.match(await page.getByTestId("plain-disclaimer").textContent(), /does not make a diagnosis/);
  // A word the patient may not know opens its meaning in place, by keyboard too.
  const term = page.getByTestId("plain-summary").getByTestId("glossary-term").filter({ hasText: "nerve root" });
  await term.focus();
  await page.keyboard.press("Enter");
  assert.equal(await term.getAttribute("aria-expanded"), "true");
  assert.match(await page.getByTestId("plain-summary").getByTestId("glossary-meaning").textContent(), /leaves the spine/);
  await term.click();
  assert.equal(await page.getByTestId("plain-summary").getByTestId("glossary-meaning").count(), 0, "closed again");
  assert.doesNotMatch(await page.getByTestId("impression").textContent(), /you have/i);
  assert.doesNotMatch(await page.getByTestId("plain-place").textContent(), /radiculopathy/i, "plain words, the term only in the glossary");
  // The body figure marks the nine muscles and the nerves studied, and rings the neck.
  assert.equal(await page.getByTestId("body-muscle").count(), 9);
  assert.ok((await page.getByTestId("body-nerve").count()) >= 2, "the nerves studied");
  assert.equal(await page.getByTestId("body-damage").count(), 1);
  assert.match(await page.getByTestId("what-was-tested").textContent(), /Right triceps brachii \(back of the upper arm; straightens the elbow\): showed changes/);
  await saveElementScreenshot(page.getByTestId("impression"), "impression-c7-demo-patient");
  await page.getByTestId("physician-view").click();
  // The physician reads the C7 paraspinals, the extensor digitorum and the flexor carpi radialis
  // as normal: the triceps alone no longer names a root.
  const rows = page.getByTestId("needle-exam-row");
  const muscles = await rows.getByTestId("needle-exam-muscle").allTextContents();
  for (const muscle of ["Cervical paraspinals, C7", "Extensor digitorum communis", "Flexor carpi radialis"]) {
    const row = muscles.findIndex((name) => name === muscle);
    assert.ok(row >= 0, `${muscle} in ${muscles.join(", ")}`);
    await rows.nth(row).locator('td[data-column="Fibs/PSWs"] select').selectOption("0");
  }
  await page.waitForFunction(() => !/C7 radiculopathy/.test(document.querySelector("[data-testid=impression-statement]").textContent));
  assert.match(await statement.textContent(), /^(Findings of uncertain significance|Abnormal, but not localised)/);
  assert.equal(await page.getByTestId("impression-severity").count(), 0, "no lesion named, no severity");
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("one needle file holding nine muscles marked by annotations gives a row per muscle, each opening its part", async () => {
  const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
  const files = await simulatedWholeStudyFiles("study-c7-radiculopathy", { needleInOneFile: true });
  assert.equal(files.length, 2, "the nerve conductions and one needle file");
  await page.getByTestId("file-input").setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=needle-exam-row]").length === 9, null, { timeout: 90_000 });
  const rows = page.getByTestId("needle-exam-row");
  const muscles = await rows.getByTestId("needle-exam-muscle").allTextContents();
  assert.deepEqual(muscles.slice(0, 3), ["Deltoid", "Biceps brachii", "Triceps brachii"], "named by the annotations, in the order recorded");
  assert.equal(muscles[8], "Cervical paraspinals, C7");
  const sides = await rows.locator("td:first-of-type").allTextContents();
  assert.ok(sides.every((side) => /right/i.test(side)), sides.join());
  // The triceps row opens the triceps part, which the machine recorded from 24 s on.
  await rows.nth(2).getByRole("button", { name: /Open recording/ }).click();
  await page.getByTestId("needle-muscle").filter({ hasText: "Triceps brachii, right" }).waitFor();
  const shownFiles = await page.getByTestId("opened-file").allTextContents();
  assert.ok(shownFiles.some((text) => /9 parts marked by muscle annotations/.test(text)), shownFiles.join(" | "));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test("benchmark: a study of ten muscles of 30 s at 20 kHz: time to the needle examination table, against one muscle alone", async () => {
  const labels = ["EMG L Tibialis a", "EMG L Peroneus l", "EMG L Tib post", "EMG L Med gastroc", "EMG L Vastus lat", "EMG L BFSH", "EMG L Glut med", "L5 PSP L", "EMG L TFL", "EMG L EHL"];
  const files = [];
  for (const [idx, label] of labels.entries()) {
    files.push(await simulatedNeedleFile("needle-normal", 30, { label, name: `bench-muscle-${idx}.bdf` }));
  }
  const timeToTable = async (opened) => {
    const { context, page, consoleErrors } = await openApp(fixture, { viewport: { width: 1500, height: 1100 } });
    // As in the one-minute benchmark: the worker warms up before a reader chooses files.
    await page.waitForTimeout(3_000);
    // Every progress line shown, and the page's longest task while it waits (the page stays
    // free: the analyses run in workers).
    await page.evaluate(() => {
      window.edxProgress = [];
      new MutationObserver(() => {
        const line = document.querySelector("[data-testid=needle-progress]");
        if (line) window.edxProgress.push({ done: Number(line.dataset.done), total: Number(line.dataset.total), text: line.textContent });
      }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      window.edxLongestTaskMs = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.edxLongestTaskMs = Math.max(window.edxLongestTaskMs, entry.duration);
      }).observe({ type: "longtask" });
    });
    const started = Date.now();
    await page.getByTestId("file-input").setInputFiles(opened);
    await page.waitForFunction((n) => document.querySelectorAll("[data-testid=needle-exam-row]").length === n, opened.length, { timeout: 120_000 });
    const ms = Date.now() - started;
    const { progress, longestTaskMs, cores } = await page.evaluate(() => ({ progress: window.edxProgress, longestTaskMs: window.edxLongestTaskMs, cores: navigator.hardwareConcurrency }));
    assert.deepEqual(consoleErrors, []);
    await context.close();
    return { ms, progress, longestTaskMs, cores };
  };
  const one = await timeToTable(files.slice(0, 1));
  const ten = await timeToTable(files);
  assert.ok(ten.progress.length > 0 && ten.progress.every((line) => line.total === 10), JSON.stringify(ten.progress));
  assert.ok(ten.progress.some((line) => /Tibialis anterior, left|Peroneus|Gluteus|paraspinals/.test(line.text)), "each line names the muscle just analysed");
  if (ten.cores > 1) assert.match(ten.progress.at(-1).text, new RegExp(`${Math.min(ten.cores, 8)} workers at once`));
  const [oneMuscleMs, tenMusclesMs] = [one.ms, ten.ms];
  const figures = {
    oneMuscleMs,
    tenMusclesMs,
    tenOverOne: Math.round((100 * tenMusclesMs) / oneMuscleMs) / 100,
    cores: ten.cores,
    progressLinesSeen: ten.progress.length,
    longestPageTaskMs: Math.round(ten.longestTaskMs),
  };
  await writeFigures("needle-study-benchmark", figures);
  console.log(`needle study benchmark (10 × 30 s at 20 kHz): ${JSON.stringify(figures)}`);
  assert.ok(tenMusclesMs > 0 && oneMuscleMs > 0);
});

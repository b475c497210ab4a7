// Teaching in other pages: "Embed this view" gives an <iframe> snippet for a demo, and a page of
// another origin that pastes it shows the demo's needle screen, table and impression without the
// page's chrome, plays the sound on a click inside the frame, and the frame asks only its own
// site for its own files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { env, launchBrowser, saveScreenshot } from "../lib/browser.mjs";
import { serveSite, siteUrlPaths } from "../lib/server.mjs";
import { findPrivacyViolations } from "../lib/privacy.mjs";

/** The edxview site is served under a sub-path, as a department would host it. */
const SUB_PATH = "/teaching/edxview/";
const DEMO = "needle-abundant-fibrillations";

let site;
let browser;
before(async () => {
  site = await serveSite(env.dist, { basePath: SUB_PATH });
  // Sound only after a click, as browsers ask of pages the reader has not used yet: the click
  // inside the frame must be what lets it play.
  browser = await launchBrowser({ extraArgs: ["--autoplay-policy=user-gesture-required"] });
});
after(async () => {
  await browser?.close();
  await site?.close();
});

/** A course page on a second loopback origin (`localhost` rather than `127.0.0.1`, another port). */
async function serveCoursePage(snippet, { head = "" } = {}) {
  const requests = [];
  const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Lesson 4: denervation</title><link rel="icon" href="data:,">${head}</head>
<body style="font-family: serif; max-width: 60rem; margin: 1rem auto">
<h1>Lesson 4: what denervation sounds like</h1>
<p>Listen to the fibrillation potentials at rest, then to the motor units as the patient contracts the muscle.</p>
${snippet}
<p>Next week: chronic reinnervation.</p>
</body></html>`;
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method, path: request.url });
    response.writeHead(request.url === "/" ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    response.end(request.url === "/" ? page : undefined);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://localhost:${server.address().port}/`, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

test("a needle demo embedded in another origin's page shows its panels, plays on a click inside the frame and asks only its own site", async () => {
  // The teacher, on edxview: the demo, then "Embed this view" without the traces panel.
  const teacher = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const edxview = await teacher.newPage();
  await edxview.goto(`${site.url}#demo=${DEMO}&view=physician`);
  await edxview.getByTestId("needle-view").waitFor({ timeout: 90_000 });
  await edxview.getByTestId("embed-view").click();
  assert.equal(await edxview.getByTestId("embed-view").getAttribute("aria-expanded"), "true");
  await edxview.getByTestId("embed-panel-traces").uncheck();
  await edxview.getByTestId("embed-height").fill("1500");
  await edxview.getByTestId("embed-height").press("Tab");
  const snippet = await edxview.getByTestId("embed-snippet").inputValue();
  const source = `${site.url}#demo=${DEMO}&amp;view=physician&amp;embed=impression,table,needle`;
  assert.ok(snippet.startsWith(`<iframe src="${source}" title="edxview: Needle EMG, abundant fibrillation potentials`), snippet);
  assert.match(snippet, /height="1500"/);
  await saveScreenshot(edxview, "embed-dialog");
  // No panel chosen: no snippet, and why.
  for (const panel of ["impression", "table", "needle"]) await edxview.getByTestId(`embed-panel-${panel}`).uncheck();
  assert.match(await edxview.getByTestId("embed-unavailable").textContent(), /at least one panel/);
  await teacher.close();

  // A student, on the course page of another origin.
  const course = await serveCoursePage(snippet);
  const student = await browser.newContext({ viewport: { width: 1100, height: 1800 } });
  const requests = [];
  student.on("request", (request) => {
    const body = request.postDataBuffer();
    requests.push({ url: request.url(), method: request.method(), bodyBytes: body ? body.length : 0 });
  });
  const page = await student.newPage();
  const consoleErrors = [];
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await page.goto(course.url);
  const frame = page.frameLocator("iframe");
  await frame.getByTestId("needle-view").waitFor({ timeout: 90_000 });
  await frame.getByTestId("impression").waitFor();
  await frame.getByTestId("needle-exam").waitFor();
  assert.equal(await frame.locator(".site-header, .sidebar").count(), 0, "none of the page's chrome");
  assert.equal(await frame.getByTestId("embedded-view").count(), 1);
  const inFrame = page.frames().find((candidate) => candidate.url().startsWith(site.origin));
  assert.ok(inFrame, "the frame shows the edxview site");
  const fits = await inFrame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, "the embedded view is as wide as its frame, no wider");
  assert.match(await frame.getByTestId("open-whole-view").getAttribute("href"), new RegExp(`^${site.url}#demo=${DEMO}&view=physician$`));

  // Sound starts on a click inside the frame, and its cursor follows what is heard.
  const cursor = () => inFrame.evaluate(() => Number(document.querySelector("[data-testid=needle-overlay]").dataset.cursorS ?? 0));
  assert.equal(await cursor(), 0, "silent until clicked");
  await frame.getByTestId("play-sound").click();
  await inFrame.waitForFunction(() => Number(document.querySelector("[data-testid=needle-overlay]").dataset.cursorS) > 0.3, null, { timeout: 10_000 });
  assert.equal(await frame.getByTestId("play-sound").getAttribute("aria-pressed"), "true");
  await saveScreenshot(page, "embed-course-page");
  await frame.getByTestId("play-sound").click();

  // Privacy: apart from the course page itself, every request went to edxview's own site, for
  // its own files, as GETs without a body.
  assert.deepEqual(course.requests, [{ method: "GET", path: "/" }], "the course page was asked for once, nothing more");
  const fromFrame = requests.filter((request) => request.url !== course.url);
  assert.ok(fromFrame.length > 3, "the frame loaded its files");
  const sitePaths = await siteUrlPaths(env.dist, SUB_PATH);
  assert.deepEqual(findPrivacyViolations(fromFrame, { origin: site.origin, sitePaths }), []);
  assert.deepEqual(
    site.requests.filter((request) => request.method !== "GET" || request.bodyBytes > 0 || !request.path.startsWith(SUB_PATH)),
    [],
    "the site's own log agrees",
  );
  assert.deepEqual(consoleErrors, []);
  await student.close();
  await course.close();
});

test("the <edx-demo> element makes the frame of a simulation from its attributes", async () => {
  const script = `<script src="${site.url}edx-demo.js" defer></script>`;
  const element = `<edx-demo condition="s1-radiculopathy" side="right" severity="severe" weeks="12" panels="impression, table" height="800"></edx-demo>`;
  const course = await serveCoursePage(element, { head: script });
  const context = await browser.newContext({ viewport: { width: 1100, height: 1200 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on("console", (message) => message.type() === "error" && consoleErrors.push(message.text()));
  await page.goto(course.url);
  const frame = page.frameLocator("edx-demo iframe");
  await frame.getByTestId("impression").waitFor({ timeout: 120_000 });
  assert.equal(
    await page.locator("edx-demo iframe").getAttribute("src"),
    `${site.url}#demo=sim_s1-radiculopathy_right_severe_12w_33c_typical&view=physician&embed=impression,table`,
  );
  assert.match(await frame.getByTestId("study-title").textContent(), /Simulated: right S1 radiculopathy, severe, 12 weeks after onset/);
  await frame.getByTestId("needle-exam-row").first().waitFor();
  assert.equal(await frame.getByTestId("needle-view").count(), 0, "only the panels asked for");
  await saveScreenshot(page, "embed-element-course-page");
  assert.deepEqual(consoleErrors, []);
  await context.close();
  await course.close();
});

test("a study from the user's own files cannot be embedded, and the dialog says why", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}#demo=${DEMO}`);
  await page.getByTestId("needle-view").waitFor({ timeout: 90_000 });
  await page.getByTestId("open-typed-report").click();
  await page.getByTestId("embed-view").click();
  assert.match(await page.getByTestId("embed-unavailable").textContent(), /Only the built-in demos can be embedded/);
  assert.equal(await page.getByTestId("embed-snippet").count(), 0);
  await context.close();
});

// Headless Debian Chromium through playwright-core, with what every test needs: console errors
// collected, requests recorded, and a screenshot saved under target/e2e/.
import path from "node:path";
import fs from "node:fs/promises";
import { chromium } from "playwright-core";

/** The flags that keep Chromium quiet on a machine without outside network. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Environment the xtask runner sets; defaults allow running one spec by hand. */
export const env = {
  dist: process.env.EDXVIEW_DIST ?? path.resolve("../../dist"),
  sharedData: process.env.EDXVIEW_SHARED_DATA ?? path.resolve("../../../shared/data"),
  screenshots: process.env.EDXVIEW_SCREENSHOTS ?? path.resolve("../../target/e2e"),
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  edx: process.env.EDX_BIN ?? path.resolve("../../target/debug/edx"),
};

/** Launches headless Chromium with a fresh profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: env.chromium, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Opens a new context and page; returns `{ context, page, consoleErrors, requests }` where
 * `requests` holds `{ url, method, bodyBytes }` for every request the page or its workers made.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers: "allow" });
  const page = await context.newPage();
  const consoleErrors = [];
  const requests = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  context.on("request", (request) => {
    const body = request.postDataBuffer();
    requests.push({ url: request.url(), method: request.method(), bodyBytes: body ? body.length : 0 });
  });
  return { context, page, consoleErrors, requests };
}

/** Saves a full-page screenshot as target/e2e/<name>.png and returns its path. */
export async function saveScreenshot(page, name) {
  await fs.mkdir(env.screenshots, { recursive: true });
  const file = path.join(env.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Writes demo `demo` as a BDF+D nerve conduction file with `edx simulate` and returns its path. */
export async function simulatedStudyFile(demo) {
  const { execFileSync } = await import("node:child_process");
  const directory = path.join(env.screenshots, "fixtures");
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, `${demo}.bdf`);
  execFileSync(env.edx, ["simulate", demo, "--bdf", file]);
  return file;
}

/** Writes needle demo `demo` lasting `seconds` as BDF+C with `edx simulate` and returns its path. */
export async function simulatedNeedleFile(demo, seconds) {
  const { execFileSync } = await import("node:child_process");
  const directory = path.join(env.screenshots, "fixtures");
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, `${demo}-${seconds}s.bdf`);
  execFileSync(env.edx, ["simulate", demo, "--seconds", String(seconds), "--bdf", file]);
  return file;
}

/** Saves measured figures as target/e2e/<name>.json, for the benchmark report. */
export async function writeFigures(name, figures) {
  await fs.mkdir(env.screenshots, { recursive: true });
  await fs.writeFile(path.join(env.screenshots, `${name}.json`), JSON.stringify(figures, null, 2));
}

/** A path in the shared test data, failing with a clear message when the data is missing. */
export async function sharedFile(relative) {
  const file = path.join(env.sharedData, relative);
  try {
    await fs.access(file);
  } catch {
    throw new Error(`test data ${file} is missing; set EDXVIEW_SHARED_DATA to the shared data folder`);
  }
  return file;
}

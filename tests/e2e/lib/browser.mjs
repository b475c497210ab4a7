// Headless Debian Chromium through playwright-core, with what every test needs: console errors
// collected, requests recorded, and a screenshot saved under target/e2e/.
import path from "node:path";
import fs from "node:fs/promises";
import { execFileSync } from "node:child_process";
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

/** Launches headless Chromium with a fresh profile, and `extraArgs` besides the quiet flags. */
export function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({ executablePath: env.chromium, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
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

/** Saves a screenshot of one element (a table, a figure) as `name`.png beside the page screenshots. */
export async function saveElementScreenshot(locator, name) {
  await fs.mkdir(env.screenshots, { recursive: true });
  const file = path.join(env.screenshots, `${name}.png`);
  await locator.screenshot({ path: file });
  return file;
}

/** The folder where `edx simulate` writes the files the tests open: target/e2e/fixtures. */
async function fixturesDirectory() {
  const directory = path.join(env.screenshots, "fixtures");
  await fs.mkdir(directory, { recursive: true });
  return directory;
}

/** Writes demo `demo` as a BDF+D nerve conduction file with `edx simulate` and returns its path. */
export async function simulatedStudyFile(demo) {
  const file = path.join(await fixturesDirectory(), `${demo}.bdf`);
  execFileSync(env.edx, ["simulate", demo, "--bdf", file]);
  return file;
}

/**
 * Writes needle demo `demo` lasting `seconds` as BDF+C with `edx simulate` and returns its path.
 * With `amplifierRangeUv` the demo is recorded through an amplifier of that range (±µV): the
 * signal beyond it is held at the converter's limits, which become the file's range. With
 * `label` the channel is labelled so (the muscle and side, as an EMG machine writes them), and
 * `name` names the file.
 */
export async function simulatedNeedleFile(demo, seconds, { amplifierRangeUv, label, name: fileName } = {}) {
  const saturation = amplifierRangeUv === undefined ? [] : ["--amplifier-range-uv", String(amplifierRangeUv)];
  const labelled = label === undefined ? [] : ["--label", label];
  const name = fileName ?? (amplifierRangeUv === undefined ? `${demo}-${seconds}s.bdf` : `${demo}-${seconds}s-${amplifierRangeUv}uV.bdf`);
  const file = path.join(await fixturesDirectory(), name);
  execFileSync(env.edx, ["simulate", demo, "--seconds", String(seconds), ...saturation, ...labelled, "--bdf", file]);
  return file;
}

/**
 * The files of whole-study demo `study` (`edx simulate STUDY --dir`), its needle recordings in
 * one file marked by muscle annotations when `needleInOneFile`; returns their paths, the nerve
 * conduction file first.
 */
export async function simulatedWholeStudyFiles(study, { needleInOneFile = false } = {}) {
  const folder = path.join(await fixturesDirectory(), needleInOneFile ? `${study}-one-file` : study);
  await fs.rm(folder, { recursive: true, force: true });
  execFileSync(env.edx, ["simulate", study, "--dir", folder, ...(needleInOneFile ? ["--needle-in-one-file"] : [])]);
  const names = (await fs.readdir(folder)).sort((a, b) => Number(b.includes("nerve-conductions")) - Number(a.includes("nerve-conductions")));
  return names.map((name) => path.join(folder, name));
}

/**
 * The test recording of `channels` channels lasting `seconds` (`edx simulate test-tones`: a tone
 * plus noise per channel, 20 kHz, 16-bit EDF, written record by record), written once and kept
 * in target/e2e/fixtures for later runs; returns its path.
 */
export async function testTonesFile(channels, seconds) {
  const file = path.join(await fixturesDirectory(), `test-tones-${channels}ch-${seconds}s.edf`);
  const written = await fs.access(file).then(
    () => true,
    () => false,
  );
  if (!written) {
    // Written under another name and renamed when complete, so an interrupted run leaves no
    // half-written file to be taken for the whole one.
    const partial = `${file}.partial`;
    execFileSync(env.edx, ["simulate", "test-tones", "--channels", String(channels), "--seconds", String(seconds), "--edf", partial]);
    await fs.rename(partial, file);
  }
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

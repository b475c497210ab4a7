// A page object for edxview: what the tests read and do, through data-testid hooks only.

/** Waits for the demo study's traces to be drawn and returns the number of inked pixels. */
export async function waitForTraces(page) {
  await page.getByTestId("trace-canvas").first().waitFor({ state: "visible" });
  await page.waitForFunction(() => performance.getEntriesByName("edxview:first-trace-drawn").length > 0);
  return inkedPixels(page);
}

/** Counts pixels of the first trace canvas that are not white: zero means nothing was drawn. */
export function inkedPixels(page) {
  return page.getByTestId("trace-canvas").first().evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let offset = 0; offset < data.length; offset += 4) {
      if (data[offset] < 200 || data[offset + 1] < 200 || data[offset + 2] < 200) inked += 1;
    }
    return inked;
  });
}

/** Counts pixels of the first trace canvas of exactly the colour `[red, green, blue]`. */
export function pixelsOfColour(page, colour) {
  return page.getByTestId("trace-canvas").first().evaluate((canvas, [red, green, blue]) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let matching = 0;
    for (let offset = 0; offset < data.length; offset += 4) {
      if (data[offset] === red && data[offset + 1] === green && data[offset + 2] === blue) matching += 1;
    }
    return matching;
  }, colour);
}

/** A fingerprint of the first trace canvas's pixels, to tell whether a redraw changed it. */
export function canvasFingerprint(page) {
  return page.getByTestId("trace-canvas").first().evaluate((canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let hash = 2166136261;
    for (let offset = 0; offset < data.length; offset += 16) hash = Math.imul(hash ^ data[offset], 16777619);
    return hash >>> 0;
  });
}

/** Milliseconds from navigation start to the first drawn trace, as the app marked it. */
export function firstTraceMs(page) {
  return page.evaluate(() => performance.getEntriesByName("edxview:first-trace-drawn")[0].startTime);
}

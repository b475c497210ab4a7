import { launchBrowser, openPage } from "./lib/browser.mjs";
import { serveSite } from "./lib/server.mjs";
const site = await serveSite("/work/main/dist");
const browser = await launchBrowser();
const { page, consoleErrors } = await openPage(browser, { viewport: { width: 1400, height: 1000 } });
await page.goto(site.url);
await page.waitForTimeout(800);
await page.getByTestId(`demo-${process.argv[2]}`).click();
await page.waitForTimeout(800);
if (process.argv[3] === "patient") { await page.getByTestId("patient-view-button").click(); await page.waitForTimeout(300); }
await page.screenshot({ path: "/tmp/demo.png", fullPage: process.argv[4] !== "top" });
console.log("errors", consoleErrors);
await browser.close(); await site.close();

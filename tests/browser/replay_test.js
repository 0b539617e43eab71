// Opens a page written by viz/replay_html.py in Debian's headless Chromium (puppeteer-core over
// the DevTools protocol) and checks that it loads cleanly, draws every station of line.json,
// plays, pauses, seeks and renders something.
// Usage: node replay_test.js REPLAY_HTML LINE_JSON SCREENSHOT_PNG
// Prints "ok ..." / "FAIL ..." per check; exits 1 if any check fails.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const {pathToFileURL} = require("url");
const puppeteer = require("puppeteer-core");

const CHROMIUM = "/usr/bin/chromium";  // Debian's package; puppeteer-core downloads none
const [htmlPath, lineJson, shotPath] = process.argv.slice(2);
if (!shotPath) {
  console.error("usage: node replay_test.js REPLAY_HTML LINE_JSON SCREENSHOT_PNG");
  process.exit(2);
}
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
let failures = 0;
function check(ok, what, detail) {
  console.log(`${ok ? "ok" : "FAIL"} ${what}${detail ? ` (${detail})` : ""}`);
  if (!ok) failures++;
}

async function pageChecks(page, stations, errors) {
  // Self-contained: any request but the file itself (or an inline data: URL) is an error, and is
  // aborted, so the test never touches the network.
  const url = pathToFileURL(path.resolve(htmlPath)).href;
  const external = new Set();
  await page.setRequestInterception(true);
  page.on("request", r => {
    if (r.url() === url || r.url().startsWith("data:")) return r.continue();
    external.add(r.url());
    errors.push(`external request: ${r.url()}`);
    r.abort();
  });
  page.on("requestfailed", r => {
    if (!external.has(r.url())) errors.push(`request failed: ${r.url()} ${r.failure().errorText}`);
  });
  page.on("console", m => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  page.on("pageerror", e => errors.push(`pageerror: ${e.message}`));

  await page.goto(url, {waitUntil: "load"});
  const ready = await page.waitForFunction(() => document.body.dataset.ready === "1", {timeout: 10000})
    .then(() => true, () => false);
  check(ready, "page ready (document.body.dataset.ready === \"1\")");
  if (!ready) return;

  const names = await page.$$eval(".station", els => els.map(e => e.dataset.name));
  const same = names.length === stations.length && [...names].sort().join("\n") === [...stations].sort().join("\n");
  check(same, "one .station per line.json station, same names", `${names.length} boxes, ${stations.length} stations`);

  const t0 = await page.evaluate(() => window.replay.time_h());
  await page.click("#play");
  await sleep(1200);
  const t1 = await page.evaluate(() => window.replay.time_h());
  const playingNow = await page.evaluate(() => window.replay.playing());
  check(playingNow && t1 > t0, "play advances time", `${t0.toFixed(3)} h -> ${t1.toFixed(3)} h`);
  await page.click("#play");
  const t2 = await page.evaluate(() => window.replay.time_h());
  await sleep(600);
  const t3 = await page.evaluate(() => window.replay.time_h());
  const stopped = !(await page.evaluate(() => window.replay.playing()));
  check(stopped && t3 === t2, "pause stops time", `${t2.toFixed(3)} h, ${t3.toFixed(3)} h 0.6 s later`);

  const before = await page.$eval("#clock", e => e.textContent);
  const seek = await page.evaluate(() => {
    const s = document.getElementById("scrubber");
    s.value = s.max;
    s.dispatchEvent(new Event("input", {bubbles: true}));
    return {frame: window.replay.frame(), last: window.replay.frames - 1,
            clock: document.getElementById("clock").textContent};
  });
  check(seek.frame === seek.last && seek.clock !== before, "scrubber jumps to the last frame",
        `frame ${seek.frame} of last ${seek.last}, clock "${before}" -> "${seek.clock}"`);

  // Not blank: the page's screenshot must be much larger than, and differ from, about:blank's.
  await page.screenshot({path: shotPath});
  const shot = fs.readFileSync(shotPath);
  const blankPage = await page.browser().newPage();
  await blankPage.setViewport({width: 1400, height: 900});
  await blankPage.goto("about:blank");
  const blank = Buffer.from(await blankPage.screenshot({encoding: "base64"}), "base64");
  check(shot.length > 20000 && shot.length > 4 * blank.length && !shot.equals(blank),
        "screenshot is not blank", `${shotPath}: ${shot.length} bytes, about:blank ${blank.length} bytes`);
}

async function main() {
  const stations = JSON.parse(fs.readFileSync(lineJson, "utf8")).stations.map(s => s.name);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "replay-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,  // puppeteer-core passes --headless=new (and --hide-scrollbars) for this
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu"],
    timeout: 60000,  // slow starts on a loaded test machine
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1400, height: 900});
    const errors = [];
    await pageChecks(page, stations, errors);
    check(errors.length === 0, "no console errors, page errors or failed requests", errors.join("; "));
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
}

main().then(() => process.exit(failures ? 1 : 0), e => {
  console.log(`FAIL ${e.stack || e}`);
  process.exit(1);
});

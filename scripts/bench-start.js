// Start-up benchmark of the single file: from navigation start to the form drawn (.nb-app), five
// fresh tabs each in current Chromium (Debian) and Chromium 92 (the oldest engine we support),
// opened from file:// as users do. Prints the times; asserts nothing.
//   node scripts/bench-start.js [path/to/nianbao.html]   (after `cargo xtask dist`)
// puppeteer-core comes with the pinned npm packages (scripts/setup.sh); it drives both browsers.
const path = require("path");
const fs = require("fs");
const puppeteer = require("puppeteer-core");

const root = path.join(__dirname, "..");
const page = path.resolve(process.argv[2] || path.join(root, "dist-single/nianbao.html"));
const browsers = [
  ["Chromium (Debian)", "/usr/bin/chromium"],
  ["Chromium 92", path.join(root, "node_modules/.chromium-92/chromium")],
];
const RUNS = 5;

(async () => {
  if (!fs.existsSync(page)) throw new Error(`${page} is missing: run cargo xtask dist first`);
  console.log(`${page}: ${fs.statSync(page).size} bytes`);
  for (const [name, executablePath] of browsers) {
    if (!fs.existsSync(executablePath)) {
      console.log(`${name}: not installed (bash scripts/setup.sh), skipped`);
      continue;
    }
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu"],
    });
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const tab = await browser.newPage();
      await tab.evaluateOnNewDocument(() => {
        new MutationObserver((_, observer) => {
          if (document.querySelector(".nb-app")) {
            window.nbDrawnAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await tab.goto("file://" + page);
      await tab.waitForFunction("window.nbDrawnAt", { timeout: 30000 });
      times.push(await tab.evaluate("window.nbDrawnAt"));
      // The next tab starts from no draft, like this one.
      await tab.evaluate(() => localStorage.clear());
      await tab.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)];
    console.log(
      `${name} (${await browser.version()}): form drawn after ${median.toFixed(0)} ms ` +
        `(median of ${RUNS}; all: ${times.map((t) => t.toFixed(0)).join(", ")})`,
    );
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

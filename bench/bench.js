// The browser half of `cargo xtask bench` (xtask/src/bench.rs writes the config, runs this, and turns
// its JSON into BENCHMARKS.md). It measures, in each browser of the config, from file:// as users open
// the single file:
//
// - start-up of three pages: ours (the single file), the floor (a static page of exactly the HTML our
//   form shows, no script: written here from what our page shows) and the peer (the same form in
//   SurveyJS, target/bench/peer.html). Each load is a fresh tab in a fresh browser context:
//     visible      navigation → ≥ 160 inputs in the DOM (a mutation observer's moment; the frame that
//                  paints them follows, for every page alike);
//     interactive  navigation → a digit typed into the first cell of the application table makes the
//                  page change its DOM within one macrotask (the app checked it); for the floor,
//                  which has no script, its load event.
// - typing: a full report is loaded, then one cell of the application table alternates between a
//   value that breaks a sum and one that mends it (the findings change on every edit); each edit is
//   input event → page idle again (the later of the last DOM mutation and a macrotask after the
//   event's microtasks).
// - memory: JS heap (after a forced GC) plus WebAssembly memory, with the full report loaded.
//
// puppeteer-core is pinned in package.json (it came for Chromium 92, which has no chromedriver).
// It asserts nothing about time; it fails only when a page does not do what is measured (no form,
// no finding after a breaking edit), since a number for the wrong thing is worse than none.
//
//   node bench/bench.js CONFIG.json OUT.json
"use strict";
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");

const [configPath, outPath] = process.argv.slice(2);
if (!configPath || !outPath) {
  console.error("usage: node bench/bench.js CONFIG.json OUT.json (cargo xtask bench writes the config)");
  process.exit(2);
}
const config = JSON.parse(fs.readFileSync(configPath, "utf8"));

// How many inputs mean “the form is there” (the table counts 160; the form has about 200).
const FORM_INPUTS = 160;

// Installed in every page before its own scripts: records the start-up moments.
function startupProbe(target, interact) {
  const bench = (window.__nbBench = { visible: null, interactive: null, load: null });
  const inputs = document.getElementsByTagName("input");
  let changed = 0;
  const observer = new MutationObserver((records) => {
    changed += records.length;
    if (bench.visible === null && inputs.length >= 160) {
      bench.visible = performance.now();
      if (interact) setTimeout(attempt, 0);
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  addEventListener("load", () => {
    bench.load = performance.now();
  });
  const channel = new MessageChannel();
  let after = null;
  channel.port1.onmessage = () => after && after();
  const macrotask = () => new Promise((resolve) => ((after = resolve), channel.port2.postMessage(0)));
  let typed = false;
  async function attempt() {
    const cell = target();
    if (cell) {
      // A digit, then blank again, and so on: each changes what the page shows (“已填 1”, a total),
      // so a page that checks what is typed changes its DOM every time. (A digit typed over a digit
      // may change only input values, which are properties, not mutations.)
      typed = !typed;
      const before = changed;
      cell.value = typed ? "7" : "";
      cell.dispatchEvent(new Event("input", { bubbles: true }));
      await macrotask();
      if (changed > before) {
        bench.interactive = performance.now();
        observer.disconnect();
        return;
      }
    }
    if (performance.now() < 30000) setTimeout(attempt, 0);
  }
}

// How each page names the cell that is typed into (application table, first row, first column;
// typing: a result row, so that the sums over it change).
const TARGETS = {
  ours: (row) => `document.getElementById("nb-cell-applications-${row}-0")`,
  peer: (row) => `window.nbPeer && window.nbPeer.cell(${config.peerApplicationTable}, ${row}, 0)`,
  floor: () => `null`,
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}
function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
function summary(xs) {
  return { n: xs.length, median: median(xs), p95: percentile(xs, 95), min: Math.min(...xs), max: Math.max(...xs) };
}

async function freshPage(browser) {
  const context = await browser.createIncognitoBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1366, height: 768 });
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

async function startup(browser, kind, file) {
  const { context, page } = await freshPage(browser);
  const target = `() => ${TARGETS[kind](0)}`;
  await page.evaluateOnNewDocument(`(${startupProbe})(${target}, ${kind !== "floor"})`);
  await page.goto("file://" + file, { waitUntil: "load", timeout: 60000 });
  const done = kind === "floor" ? "window.__nbBench.visible !== null" : "window.__nbBench.interactive !== null";
  await page.waitForFunction(done, { timeout: 60000, polling: 5 }).catch(async () => {
    const seen = await page
      .evaluate(() => JSON.stringify({ probe: window.__nbBench, inputs: document.getElementsByTagName("input").length, text: document.body.innerText.slice(0, 200) }))
      .catch((e) => String(e));
    throw new Error(`${kind} (${file}): the form did not ${kind === "floor" ? "show" : "react to a typed digit"} within 60 s: ${seen}`);
  });
  const r = await page.evaluate("window.__nbBench");
  await context.close();
  return { visible: r.visible, interactive: kind === "floor" ? r.load : r.interactive };
}

// Our page as it shows a blank form, without scripts: the floor.
async function writeFloor(browser, ours, out) {
  const { context, page } = await freshPage(browser);
  await page.goto("file://" + ours, { waitUntil: "load" });
  await page.waitForFunction(`document.getElementsByTagName("input").length >= ${FORM_INPUTS}`, { timeout: 60000 });
  const html = await page.evaluate(() => {
    const css = [...document.styleSheets, ...(document.adoptedStyleSheets || [])]
      .map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join("\n"))
      .join("\n");
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll("script, style, link[rel=stylesheet], noscript").forEach((e) => e.remove());
    const style = document.createElement("style");
    style.textContent = css;
    doc.querySelector("head").appendChild(style);
    return "<!DOCTYPE html>\n" + doc.outerHTML;
  });
  await context.close();
  fs.writeFileSync(out, html);
  return html.length;
}

async function loadFullReport(page, kind) {
  if (kind === "ours") {
    const input = await page.$('input[type="file"]');
    await input.uploadFile(config.fullReport);
    const doc = JSON.parse(fs.readFileSync(config.fullReport, "utf8"));
    const want = doc.header.agency;
    await page.waitForFunction(
      (want) => [...document.querySelectorAll("input")].some((e) => e.value === want),
      { timeout: 30000 },
      want,
    );
  } else {
    const doc = fs.readFileSync(config.fullReport, "utf8");
    await page.evaluate((doc) => window.nbPeer.load(JSON.parse(doc)), doc);
  }
}

// In the page (passed in by name to the loops below, which are sent as source): `n` actions, each timed from `act(i)` to page idle (the later of the last DOM mutation
// and a macrotask after the action's microtasks), the browser painting between them as between
// keystrokes. `act(i)` returns a check run at idle; resolves to the times and how many checks held.
function timedToIdle(n, act) {
  return new Promise((resolve) => {
    let lastMutation = 0;
    const observer = new MutationObserver(() => (lastMutation = performance.now()));
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    const channel = new MessageChannel();
    let after = null;
    channel.port1.onmessage = () => after && after();
    const macrotask = () => new Promise((r) => ((after = r), channel.port2.postMessage(0)));
    const times = [];
    let held = 0;
    (async () => {
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        lastMutation = start;
        const check = act(i);
        await macrotask();
        times.push(Math.max(performance.now(), lastMutation) - start);
        if (check()) held++;
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      observer.disconnect();
      resolve({ times, held });
    })();
  });
}

// In the page: `edits` edits of one cell, alternating between breaking a sum and mending it.
async function typingLoop(target, edits, errorSelector) {
  const cell = target();
  const base = Number(cell.value) || 0;
  // Typed as a user types: into the focused cell (the form keeps the focused cell in view).
  cell.focus();
  const errors = () => document.querySelectorAll(errorSelector).length;
  const { times, held } = await timedToIdle(edits, (i) => {
    const before = errors();
    cell.value = String(i % 2 === 0 ? base + 7 : base);
    cell.dispatchEvent(new Event("input", { bubbles: true }));
    return () => before !== errors();
  });
  return { times, findingsChanged: held };
}

// In the page (ours): `pastes` pastes of a 25×6 block into the application table's first cell, as
// Ctrl+V of a block copied from a spreadsheet brings it (a paste event with tab-separated text),
// alternating between all 1s and all 2s (the 总计 row holding its sums).
async function pasteLoop(pastes) {
  const cell = document.getElementById("nb-cell-applications-0-0");
  const last = document.getElementById("nb-cell-applications-24-5");
  cell.focus();
  const block = (v) =>
    Array.from({ length: 25 }, (_, r) => Array(6).fill(String(r === 23 ? 21 * v : v)).join("\t")).join("\r\n") + "\r\n";
  const { times, held } = await timedToIdle(pastes, (i) => {
    const v = String(1 + (i % 2));
    const data = new DataTransfer();
    data.setData("text/plain", block(Number(v)));
    cell.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    return () => last.value === v;
  });
  return { times, landed: held };
}

const ERROR_SELECTORS = {
  ours: ".nb-cell-error",
  peer: ".sd-question--error, .sd-table__cell--error, .sd-element--error",
};

async function typingAndMemory(browser, kind, file) {
  const { context, page } = await freshPage(browser);
  await page.goto("file://" + file, { waitUntil: "load", timeout: 60000 });
  // Started: the form is there and its cell can be found (not typed into: the report stays empty,
  // so that opening the full report asks nothing).
  await page.waitForFunction(
    `document.getElementsByTagName("input").length >= ${FORM_INPUTS} && (${TARGETS[kind](2)})`,
    { timeout: 60000, polling: 5 },
  );
  await loadFullReport(page, kind);
  // Memory with the full report in place: JS heap after a forced GC, plus every wasm memory.
  const cdp = await page.target().createCDPSession();
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const proto = await page.evaluateHandle(() => WebAssembly.Memory.prototype);
  const memories = await page.queryObjects(proto);
  const wasm = await page.evaluate((ms) => ms.reduce((n, m) => n + m.buffer.byteLength, 0), memories);
  const run = await page.evaluate(
    `((timedToIdle) => (${typingLoop})(() => ${TARGETS[kind](2)}, ${config.edits}, ${JSON.stringify(ERROR_SELECTORS[kind])}))(${timedToIdle})`,
  );
  let paste = null;
  if (kind === "ours") {
    const pastes = Math.max(10, Math.round(config.edits / 10));
    const r = await page.evaluate(`((timedToIdle) => (${pasteLoop})(${pastes}))(${timedToIdle})`);
    if (r.landed !== r.times.length) {
      throw new Error(`ours: only ${r.landed} of ${r.times.length} pasted blocks landed: the paste benchmark would measure the wrong thing`);
    }
    paste = summary(r.times);
  }
  await context.close();
  if (run.findingsChanged < run.times.length * 0.9) {
    throw new Error(
      `${kind}: the findings changed on only ${run.findingsChanged} of ${run.times.length} edits ` +
        `(no ${ERROR_SELECTORS[kind]} after a breaking edit?): the typing benchmark would measure the wrong thing`,
    );
  }
  return { typing: summary(run.times), findingsChanged: run.findingsChanged, paste, memory: { jsHeap: heap.usedSize, wasm } };
}

// Import (issue 14) in the single file: a form mounted through the API imports each input of the
// config with importReport, timed from the call to the promise's answer (the report replaced in the
// form and checked). The first call also unpacks and compiles the import module: timed apart.
async function importBench(browser, file) {
  const { context, page } = await freshPage(browser);
  await page.goto("file://" + file, { waitUntil: "load", timeout: 60000 });
  await page.waitForFunction("window.nianbao && window.nianbaoImportModule", { timeout: 60000, polling: 5 });
  const inputs = config.imports.map((i) => ({ name: i.name, text: fs.readFileSync(i.path, "utf8") }));
  const r = await page.evaluate(
    async (inputs, runs) => {
      const div = document.createElement("div");
      document.body.append(div);
      const form = nianbao.mount(div, { autosave: false });
      let start = performance.now();
      await form.importReport(inputs[0].text);
      const firstUse = performance.now() - start;
      const times = {};
      for (const input of inputs) {
        times[input.name] = [];
        for (let i = 0; i < runs; i++) {
          start = performance.now();
          const summary = await form.importReport(input.text);
          times[input.name].push(performance.now() - start);
          if (summary.format === null) throw new Error(`${input.name}: not read as a report: ${summary.message}`);
        }
      }
      // 下载 Word (issue 15): the Word document of the report the form now holds (the last input,
      // a full report), timed from toDOCX() to the bytes.
      const docx = [];
      for (let i = 0; i < runs; i++) {
        start = performance.now();
        const bytes = await form.toDOCX();
        docx.push(performance.now() - start);
        if (!(bytes instanceof Uint8Array) || bytes.length < 1000) throw new Error("toDOCX gave no document");
      }
      return { firstUse, times, docx };
    },
    inputs,
    config.loads,
  );
  await context.close();
  const summaries = {};
  for (const [name, xs] of Object.entries(r.times)) summaries[name] = summary(xs);
  return { firstUse: r.firstUse, inputs: summaries, docx: summary(r.docx) };
}

(async () => {
  const results = { browsers: [] };
  const floor = path.join(path.dirname(outPath), "floor.html");
  for (const b of config.browsers) {
    if (!fs.existsSync(b.path)) throw new Error(`${b.name}: ${b.path} is missing; run bash scripts/setup.sh`);
    const browser = await puppeteer.launch({
      executablePath: b.path,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--lang=en-US"],
    });
    const version = await browser.version();
    console.log(`bench: ${b.name} (${version})`);
    if (!results.floorBytes) results.floorBytes = await writeFloor(browser, config.pages.ours, floor);
    const pages = { ours: config.pages.ours, floor, peer: config.pages.peer };
    const entry = { name: b.name, version, startup: {}, typing: {}, memory: {} };
    for (const [kind, file] of Object.entries(pages)) {
      const visible = [];
      const interactive = [];
      try {
        // One load first to warm the disk cache, not counted.
        await startup(browser, kind, file);
        let retried = 0;
        for (let i = 0; i < config.loads; i++) {
          // A load that hangs (seen once in 60 loads of Chromium 92, not reproduced) is tried again
          // once, in a fresh context, and counted; twice in a row stops the run with what the page
          // showed.
          const r = await startup(browser, kind, file).catch((error) => {
            console.log(`bench:   ${kind}: load ${i + 1} failed, tried again: ${error.message}`);
            retried++;
            return startup(browser, kind, file);
          });
          visible.push(r.visible);
          interactive.push(r.interactive);
        }
        entry.startup[kind] = { visible: summary(visible), interactive: summary(interactive), retried };
        console.log(
          `bench:   ${kind}: visible ${entry.startup[kind].visible.median.toFixed(1)} ms, ` +
            `interactive ${entry.startup[kind].interactive.median.toFixed(1)} ms (median of ${config.loads})`,
        );
        if (kind !== "floor") {
          const r = await typingAndMemory(browser, kind, file);
          entry.typing[kind] = { ...r.typing, findingsChanged: r.findingsChanged };
          if (r.paste) {
            entry.paste = r.paste;
            console.log(`bench:   ${kind}: 25×6 paste → idle ${r.paste.median.toFixed(2)} / ${r.paste.p95.toFixed(2)} ms (median / p95 of ${r.paste.n})`);
          }
          entry.memory[kind] = r.memory;
          if (kind === "ours") {
            entry.import = await importBench(browser, file);
            for (const [name, t] of Object.entries(entry.import.inputs)) {
              console.log(`bench:   ours: import ${name} → answer ${t.median.toFixed(2)} / ${t.p95.toFixed(2)} ms (median / p95 of ${t.n})`);
            }
            const d = entry.import.docx;
            console.log(`bench:   ours: toDOCX (the last import) → bytes ${d.median.toFixed(2)} / ${d.p95.toFixed(2)} ms (median / p95 of ${d.n})`);
          }
          console.log(
            `bench:   ${kind}: keystroke → idle ${r.typing.median.toFixed(2)} / ${r.typing.p95.toFixed(2)} ms ` +
              `(median / p95 of ${r.typing.n}); memory ${(r.memory.jsHeap / 1e6).toFixed(1)} MB JS + ` +
              `${(r.memory.wasm / 1e6).toFixed(1)} MB wasm`,
          );
        }
      } catch (error) {
        // The peer may not run in an old browser: say so in the table rather than stop.
        if (kind !== "peer") throw error;
        entry.startup[kind] = { error: String(error.message || error).split("\n")[0] };
        console.log(`bench:   ${kind}: ${entry.startup[kind].error}`);
      }
    }
    results.browsers.push(entry);
    await browser.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(results, null, 2));
})().catch((error) => {
  console.error(`bench: ${error.stack || error}`);
  process.exit(1);
});

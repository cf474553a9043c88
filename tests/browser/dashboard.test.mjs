// Loads every view of the dashboard in headless chromium against a running `dyad serve`, checks what
// is rendered against what the API says, and saves a screenshot of each view.
//
//   DYAD_URL=http://127.0.0.1:PORT SCREENSHOTS=target/screenshots node tests/browser/dashboard.test.mjs
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.DYAD_URL;
const SHOTS = process.env.SCREENSHOTS || "target/screenshots";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!BASE) {
  console.error("set DYAD_URL to a running dyad serve");
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

async function api(path) {
  const response = await fetch(BASE + path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), "dyad-chromium-"));
// A fresh profile each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const page = browser.pages()[0] || (await browser.newPage());
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(e.message));
page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
page.on("request", (r) => { if (!r.url().startsWith(BASE)) pageErrors.push("request outside the server: " + r.url()); });

/// Opens a view by its hash and waits until it has rendered (or failed).
async function open(hash) {
  await page.evaluate(() => { const v = document.getElementById("view"); if (v) v.dataset.state = "stale"; }).catch(() => {});
  await page.goto(BASE + "/" + hash);
  await page.waitForSelector('#view[data-state="ready"], #view[data-state="error"]', { timeout: 30000 });
  const state = await page.getAttribute("#view", "data-state");
  if (state === "error") check(false, `${hash} failed: ${await page.textContent("#view")}`);
}

const count = (selector) => page.locator(selector).count();
const shot = (name) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

const docs = (await api("/api/documents?limit=500")).items;
const network = (await api("/api/network?limit=500")).items;

const tests = {
  async "home lists the stored articles"() {
    await open("#/");
    check(docs.length > 0, "the store has no documents");
    check((await count("table.documents tbody tr")) === docs.length, "one row per document");
    await shot("home.png");
  },

  async "article view highlights entities, events and quotes at the API's offsets"() {
    // The article with most events (then entities) shows the most.
    const best = [...docs].sort((a, b) => b.events - a.events || b.entities - a.entities)[0];
    const doc = await api("/api/documents/" + encodeURIComponent(best.id));
    await open("#/article/" + encodeURIComponent(best.id));
    const shown = await page.textContent(".article-text");
    check(shown === doc.text, "the rendered text is the document's text, character for character");
    check(doc.entities.length > 0, `${best.id} has no entities`);
    check((await count(".article-text .hl-entity")) > 0, "entity highlights");
    const chars = Array.from(doc.text);
    const at = (s, e) => chars.slice(s, e).join("");
    const mentions = new Set(doc.entities.flatMap((e) => e.mentions.map((m) => at(m.start, m.end))));
    for (const t of await page.locator(".article-text .hl-entity").allTextContents()) {
      check([...mentions].some((m) => m.includes(t)), `highlighted ${JSON.stringify(t)} is (part of) a mention`);
    }
    check((await count(".side .event")) === doc.events.length, "one card per coded event");
    if (doc.events.length) {
      const triggers = await page.locator(".article-text .hl-trigger").allTextContents();
      check(triggers.length > 0, "trigger highlights");
      const expected = doc.events.map((e) => at(e.trigger_start, e.trigger_end));
      for (const t of triggers) check(expected.some((e) => e.includes(t)), `trigger ${JSON.stringify(t)} is an event's`);
      if (doc.events.some((e) => e.source || e.target)) {
        check((await count(".article-text .hl-source, .article-text .hl-target")) > 0, "source/target highlights");
      }
      await page.hover(".side .event >> nth=0");
      check((await count(".article-text .focus")) > 0, "hovering an event marks its words");
    }
    if (doc.quotes.length) check((await count(".article-text .hl-quote")) > 0, "quote highlights");
    await shot("article.png");
  },

  async "unknown article shows an error"() {
    await page.evaluate(() => { document.getElementById("view").dataset.state = "stale"; });
    await page.goto(BASE + "/#/article/no-such-document");
    await page.waitForSelector('#view[data-state="error"] .error');
    // The browser logs the 404 it was meant to get.
    pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !e.includes("404")));
  },

  async "dyad view charts the busiest pair and lists the events behind a point"() {
    check(network.length > 0, "the store has no events between two coded actors");
    await open("#/dyad");
    const points = await count(".chart svg .point");
    check(points > 0, "the chart has points");
    check((await count(".chart svg rect.bar")) > 0, "the chart has QuadClass bars");
    await page.locator(".chart svg .point").first().click();
    await page.waitForSelector(".dyad-events table.events tbody tr", { timeout: 15000 });
    await shot("dyad.png");
  },

  async "network view draws actors and edges"() {
    await open("#/network");
    const actors = new Set(network.flatMap((e) => [e.source, e.target]));
    check((await count(".network svg .node")) === actors.size, "one node per actor");
    check((await count(".network svg path.edge")) === network.length, "one edge per actor pair");
    await shot("network.png");
  },

  async "search finds articles"() {
    // A word of the first article's title must find that article.
    const doc = docs.find((d) => d.title) || docs[0];
    const word = (doc.title || "").split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0];
    check(word, "a word to search for");
    await open("#/search?q=" + encodeURIComponent(word));
    check((await count(".hits .hit")) > 0, `hits for ${word}`);
    check((await count(".hits .hit mark")) > 0, "matches are marked");
    await shot("search.png");
  },
};

let passed = 0, failed = 0;
for (const [name, test] of Object.entries(tests)) {
  pageErrors.length = 0;
  try {
    await test();
    check(pageErrors.length === 0, "page errors: " + pageErrors.join("; "));
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
    await shot("failed-" + name.replace(/\W+/g, "-") + ".png").catch(() => {});
  }
}
await browser.close();
rmSync(profile, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

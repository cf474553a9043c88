// dyad's dashboard: hash-routed views over the JSON API, drawn with DOM and SVG (no libraries, so it
// works offline). Every text from the store goes in through textContent, never as HTML.
"use strict";

const view = document.getElementById("view");
const SVG_NS = "http://www.w3.org/2000/svg";
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_COLOR = { 1: "#9bd8b1", 2: "#2e9e5b", 3: "#f2aaa0", 4: "#c94a3d" };

class AuthError extends Error {}

function build(el, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}
const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem("dyad-token");
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, { headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) throw new AuthError(body.error || "this server needs a token");
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
const fmt = (x, digits = 1) => (x == null || Number.isNaN(x) ? "–" : Number(x).toFixed(digits));

/// Goldstein -10 (red) … 0 (grey) … +10 (green).
function goldsteinColor(g) {
  const t = Math.max(-1, Math.min(1, (g || 0) / 10));
  const grey = [150, 155, 160], red = [201, 74, 61], green = [46, 158, 91];
  const to = t < 0 ? red : green, k = Math.abs(t);
  const c = grey.map((v, i) => Math.round(v + (to[i] - v) * k));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, search] = raw.split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(search || "") };
}

async function route() {
  const { parts, params } = parseHash();
  const name = parts[0] || "home";
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === name);
  view.dataset.state = "loading";
  view.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    if (name === "article") await articleView(decodeURIComponent(parts.slice(1).join("/")));
    else if (name === "dyad") await dyadView(params);
    else if (name === "network") await networkView(params);
    else if (name === "search") await searchView(params);
    else await homeView(params);
    view.dataset.state = "ready";
  } catch (e) {
    view.replaceChildren(e instanceof AuthError ? tokenForm(e.message) : h("p", { class: "error" }, e.message));
    view.dataset.state = "error";
  }
}

function tokenForm(message) {
  const input = h("input", { type: "password", name: "token", placeholder: "token", required: true });
  return h("form", {
    class: "controls panel",
    onsubmit: (ev) => {
      ev.preventDefault();
      sessionStorage.setItem("dyad-token", input.value);
      route();
    },
  }, h("p", { class: "error" }, message), h("label", {}, "Bearer token", input), h("button", {}, "Open"));
}

// ---- articles -------------------------------------------------------------------------------------

async function homeView(params) {
  const offset = Number(params.get("offset") || 0);
  const [counts, docs] = await Promise.all([api("/api/counts"), api("/api/documents?" + query({ limit: 50, offset }))]);
  const rows = docs.items.map((d) =>
    h("tr", {},
      h("td", {}, h("a", { href: "#/article/" + encodeURIComponent(d.id) }, d.title || d.id)),
      h("td", {}, d.date || ""), h("td", {}, d.outlet || ""),
      h("td", {}, d.entities), h("td", {}, d.events), h("td", {}, d.quotes)));
  const pager = h("p", {},
    offset > 0 ? h("a", { href: "#/?" + query({ offset: Math.max(0, offset - 50) }) }, "← newer ") : null,
    offset + docs.items.length < docs.total ? h("a", { href: "#/?" + query({ offset: offset + 50 }) }, " older →") : null);
  view.replaceChildren(
    h("h1", {}, "Articles"),
    h("p", { class: "muted" },
      `${counts.documents} documents · ${counts.events} event mentions (${counts.aggregated_events} events) · ` +
      `${counts.entities} entities · ${counts.quotes} quotes`),
    h("table", { class: "panel documents" },
      h("thead", {}, h("tr", {}, ["Title", "Date", "Outlet", "Entities", "Events", "Quotes"].map((t) => h("th", {}, t)))),
      h("tbody", {}, rows)),
    pager);
}

function actorLabel(a) {
  if (!a) return "—";
  return a.code ? `${a.code} (${a.text})` : a.text;
}

async function articleView(id) {
  const doc = await api("/api/documents/" + encodeURIComponent(id));
  const chars = Array.from(doc.text); // offsets count code points, as the API does
  const marks = [];
  const mark = (start, end, cls, key, title) => {
    if (start == null || end == null || end <= start) return;
    marks.push({ start: Math.max(0, start), end: Math.min(chars.length, end), cls, key, title });
  };
  doc.quotes.forEach((q, i) => mark(q.start, q.end, "hl-quote", "q" + i, "quote" + (q.speaker_name ? " by " + q.speaker_name : "")));
  for (const d of doc.dates) mark(d.start, d.end, "hl-date", null, "date " + (d.value || "?"));
  for (const a of doc.amounts) mark(a.start, a.end, "hl-amount", null, `amount ${a.value}${a.unit ? " " + a.unit : ""}`);
  for (const e of doc.entities) {
    const title = `${e.name} · ${e.kind}${e.actor_code ? " · " + e.actor_code : ""}`;
    for (const m of e.mentions) mark(m.start, m.end, "hl-entity", "n" + e.idx, title);
  }
  doc.events.forEach((ev, i) => {
    if (ev.source) mark(ev.source.start, ev.source.end, "hl-source", "ev" + i, "source " + actorLabel(ev.source));
    if (ev.target) mark(ev.target.start, ev.target.end, "hl-target", "ev" + i, "target " + actorLabel(ev.target));
    mark(ev.trigger_start, ev.trigger_end, "hl-trigger", "ev" + i, `event ${ev.code} · ${QUAD[ev.quad_class]}`);
  });

  // Cut the text wherever a highlight starts or ends; each piece carries every highlight covering it.
  const cuts = [...new Set([0, chars.length, ...marks.flatMap((m) => [m.start, m.end])])].sort((a, b) => a - b);
  const text = h("div", { class: "article-text panel" });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = chars.slice(a, b).join("");
    const over = marks.filter((m) => m.start <= a && m.end >= b);
    if (!over.length) {
      text.append(piece);
      continue;
    }
    text.append(h("span", {
      class: [...new Set(over.map((m) => m.cls))].join(" "),
      "data-keys": over.map((m) => m.key).filter(Boolean).join(" "),
      title: over.map((m) => m.title).join("\n"),
    }, piece));
  }

  const focus = (key, on) => {
    for (const el of text.querySelectorAll("span[data-keys]")) {
      if (el.dataset.keys.split(" ").includes(key)) el.classList.toggle("focus", on);
    }
  };
  const events = doc.events.map((ev, i) =>
    h("div", {
      class: `event q${ev.quad_class}`,
      onmouseenter: () => focus("ev" + i, true),
      onmouseleave: () => focus("ev" + i, false),
      onclick: () => text.querySelector(`span[data-keys~="ev${i}"]`)?.scrollIntoView({ block: "center" }),
    },
    h("div", {}, h("span", { class: "code" }, ev.code), ` ${actorLabel(ev.source)} → ${actorLabel(ev.target)}`),
    h("div", {}, `“${ev.trigger}” · Goldstein ${fmt(ev.goldstein)} · ${QUAD[ev.quad_class]}`),
    h("div", { class: "flags" }, [ev.negated ? "negated" : null, ev.modality, ev.date, ev.plover].filter(Boolean).join(" · "))));
  const quotes = doc.quotes.map((q, i) =>
    h("li", { onmouseenter: () => focus("q" + i, true), onmouseleave: () => focus("q" + i, false) },
      h("b", {}, q.speaker_name || q.speaker_text || "unattributed"), `: “${q.text}”`));
  const entities = doc.entities.map((e) =>
    h("tr", { onmouseenter: () => focus("n" + e.idx, true), onmouseleave: () => focus("n" + e.idx, false) },
      h("td", {}, e.name), h("td", {}, e.kind), h("td", {}, e.actor_code || ""), h("td", {}, e.mentions.length)));

  const legend = h("div", { class: "legend" },
    h("span", { class: "hl-entity" }, "entity"), h("span", { class: "hl-trigger" }, "event trigger"),
    h("span", { class: "hl-source" }, "source"), h("span", { class: "hl-target" }, "target"),
    h("span", { class: "hl-quote" }, "quote"), h("span", { class: "hl-date" }, "date / amount"));
  view.replaceChildren(
    h("h1", {}, doc.title || doc.id),
    h("p", { class: "muted" }, [doc.date, doc.outlet, doc.url].filter(Boolean).join(" · ")),
    h("div", { class: "article" },
      h("section", {}, legend, text),
      h("aside", { class: "side" },
        h("h2", {}, `Events (${doc.events.length})`),
        h("div", { class: "event-list" }, events.length ? events : h("p", { class: "muted" }, "No events coded.")),
        h("h2", {}, `Quotes (${doc.quotes.length})`), h("ul", { class: "quotes" }, quotes),
        h("h2", {}, `Entities (${doc.entities.length})`),
        h("table", { class: "panel" }, h("tbody", {}, entities)))));
}

// ---- dyad -----------------------------------------------------------------------------------------

function select(name, options, current) {
  const values = [...new Set([...(current ? [current] : []), ...options])];
  return h("select", { name }, values.map((v) => h("option", { value: v, selected: v === current ? "" : null }, v)));
}

function controls(fields, onsubmit) {
  return h("form", {
    class: "controls",
    onsubmit: (ev) => {
      ev.preventDefault();
      onsubmit(Object.fromEntries(new FormData(ev.target)));
    },
  }, fields.map(([label, input]) => h("label", {}, label, input)), h("button", {}, "Show"));
}

async function dyadView(params) {
  let [a, b] = [params.get("a"), params.get("b")];
  const by = params.get("by") || "month";
  const [from, to] = [params.get("from") || "", params.get("to") || ""];
  const actors = (await api("/api/actors?limit=200")).items.map((r) => r.actor);
  if (!a || !b) {
    // Start from the busiest pair the store knows.
    const top = (await api("/api/network?limit=1")).items[0];
    if (top) [a, b] = [a || top.source, b || top.target];
  }
  const form = controls([
    ["Actor A", select("a", actors, a)], ["Actor B", select("b", actors, b)],
    ["Period", select("by", ["month", "day", "year"], by)],
    ["From", h("input", { name: "from", value: from, placeholder: "YYYY-MM" })],
    ["To", h("input", { name: "to", value: to, placeholder: "YYYY-MM" })],
  ], (f) => { location.hash = "#/dyad?" + query(f); });
  if (!a || !b) {
    view.replaceChildren(h("h1", {}, "Dyad"), form, h("p", { class: "muted" }, "No events between coded actors yet."));
    return;
  }
  const series = (await api("/api/dyad?" + query({ a, b, by, from, to }))).items;
  const events = h("div", { class: "dyad-events" });
  view.replaceChildren(h("h1", {}, `${a} ↔ ${b}`), form,
    h("div", { class: "chart" }, dyadChart(series, (period) => showEvents(events, a, b, period))), events);
}

/// Stacked QuadClass counts per period (left axis) and the mean Goldstein as a line of points (right).
function dyadChart(series, onPick) {
  const byPeriod = new Map();
  for (const r of series) {
    const p = byPeriod.get(r.period) || { period: r.period, q: [0, 0, 0, 0], events: 0, goldstein: 0 };
    p.q[0] += r.verbal_cooperation; p.q[1] += r.material_cooperation;
    p.q[2] += r.verbal_conflict; p.q[3] += r.material_conflict;
    p.events += r.events; p.goldstein += r.goldstein_sum;
    byPeriod.set(r.period, p);
  }
  const periods = [...byPeriod.values()].sort((x, y) => x.period.localeCompare(y.period));
  const [W, H, L, R, T, B] = [900, 340, 50, 50, 20, 60];
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "dyad time series" });
  if (!periods.length) {
    svg.append(s("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" }, "No events between these actors in this range."));
    return svg;
  }
  const maxCount = Math.max(1, ...periods.map((p) => p.events));
  const band = (W - L - R) / periods.length;
  const y = (n) => H - B - (n / maxCount) * (H - T - B);
  const yg = (g) => T + ((10 - g) / 20) * (H - T - B);
  for (let i = 0; i <= 4; i++) {
    const n = Math.round((maxCount * i) / 4);
    svg.append(s("line", { x1: L, x2: W - R, y1: y(n), y2: y(n), stroke: "#eceff3" }),
      s("text", { x: L - 6, y: y(n) + 4, "text-anchor": "end", class: "axis" }, n));
  }
  for (const g of [-10, -5, 0, 5, 10]) svg.append(s("text", { x: W - R + 6, y: yg(g) + 4, class: "axis" }, g));
  svg.append(s("text", { x: 12, y: T - 6, class: "axis" }, "events"), s("text", { x: W - R - 10, y: T - 6, class: "axis" }, "Goldstein"),
    s("line", { x1: L, x2: W - R, y1: yg(0), y2: yg(0), stroke: "#9aa3ad", "stroke-dasharray": "4 4" }));
  const line = [];
  periods.forEach((p, i) => {
    const x = L + i * band, w = Math.min(60, Math.max(2, band * 0.6)), cx = x + band / 2;
    let acc = 0;
    p.q.forEach((n, k) => {
      if (!n) return;
      svg.append(s("rect", { class: "bar", x: cx - w / 2, y: y(acc + n), width: w, height: y(acc) - y(acc + n), fill: QUAD_COLOR[k + 1] },
        s("title", {}, `${p.period}: ${n} ${QUAD[k + 1]}`)));
      acc += n;
    });
    if (periods.length <= 24 || i % Math.ceil(periods.length / 24) === 0) {
      svg.append(s("text", { x: cx, y: H - B + 16, "text-anchor": "middle", class: "axis" }, p.period));
    }
    line.push([cx, yg(p.goldstein / p.events), p]);
  });
  svg.append(s("polyline", { points: line.map(([x, yy]) => `${x},${yy}`).join(" "), fill: "none", stroke: "#20262e", "stroke-width": 1.5 }));
  for (const [cx, cy, p] of line) {
    const point = s("circle", { class: "point", cx, cy, r: 6, fill: goldsteinColor(p.goldstein / p.events), "data-period": p.period },
      s("title", {}, `${p.period}: ${p.events} events, mean Goldstein ${fmt(p.goldstein / p.events)}`));
    point.addEventListener("click", () => {
      for (const c of svg.querySelectorAll(".point.selected")) c.classList.remove("selected");
      point.classList.add("selected");
      onPick(p.period);
    });
    svg.append(point);
  }
  let lx = L;
  for (const k of [1, 2, 3, 4]) {
    svg.append(s("rect", { x: lx, y: H - 22, width: 12, height: 12, fill: QUAD_COLOR[k] }), s("text", { x: lx + 16, y: H - 12, class: "axis" }, QUAD[k]));
    lx += 150;
  }
  return svg;
}

async function showEvents(box, a, b, period) {
  box.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  const events = (await api("/api/events?" + query({ actor: a, partner: b, from: period, to: period, limit: 200 }))).items;
  box.replaceChildren(h("h2", {}, `Events in ${period} (${events.length})`),
    h("table", { class: "panel events" },
      h("thead", {}, h("tr", {}, ["Date", "Source", "Target", "Code", "Goldstein", "Mentions", "Article"].map((t) => h("th", {}, t)))),
      h("tbody", {}, events.map((e) => h("tr", {},
        h("td", {}, e.date), h("td", {}, `${e.source_code} ${e.source_name}`), h("td", {}, `${e.target_code} ${e.target_name}`),
        h("td", {}, `${e.code} (${QUAD[e.quad_class]})`), h("td", {}, fmt(e.goldstein)), h("td", {}, e.num_mentions),
        h("td", {}, e.source_url))))));
}

// ---- network --------------------------------------------------------------------------------------

async function networkView(params) {
  const p = { from: params.get("from") || "", to: params.get("to") || "", group: params.get("group") || "code", min_events: params.get("min_events") || "1" };
  const form = controls([
    ["From", h("input", { name: "from", value: p.from, placeholder: "YYYY-MM" })],
    ["To", h("input", { name: "to", value: p.to, placeholder: "YYYY-MM" })],
    ["Actors", select("group", ["code", "country"], p.group)],
    ["Min. events", h("input", { name: "min_events", type: "number", min: 1, value: p.min_events })],
  ], (f) => { location.hash = "#/network?" + query(f); });
  const edges = (await api("/api/network?" + query({ ...p, limit: 300 }))).items;
  view.replaceChildren(h("h1", {}, "Actor network"), form,
    h("div", { class: "network" }, edges.length ? networkGraph(edges) : h("p", { class: "muted" }, "No events between coded actors in this range.")));
}

/// Force-directed layout (repulsion between all nodes, springs along edges, a pull to the centre),
/// started from a circle so the same data always gives the same picture.
function layout(names, edges, W, H) {
  const n = names.length, index = new Map(names.map((a, i) => [a, i]));
  const pos = names.map((_, i) => [W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n), H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n)]);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.3;
  for (let it = 0, temp = W / 8; it < 300; it++, temp *= 0.985) {
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0] || 0.01, dy = pos[i][1] - pos[j][1] || 0.01;
        const d = Math.hypot(dx, dy), f = (k * k) / d;
        disp[i][0] += (dx / d) * f; disp[i][1] += (dy / d) * f;
        disp[j][0] -= (dx / d) * f; disp[j][1] -= (dy / d) * f;
      }
    }
    for (const e of edges) {
      const [i, j] = [index.get(e.source), index.get(e.target)];
      if (i === j) continue;
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
      const d = Math.max(0.01, Math.hypot(dx, dy)), f = (d * d) / k;
      disp[i][0] -= (dx / d) * f; disp[i][1] -= (dy / d) * f;
      disp[j][0] += (dx / d) * f; disp[j][1] += (dy / d) * f;
    }
    pos.forEach((p, i) => {
      disp[i][0] += (W / 2 - p[0]) * 0.1; disp[i][1] += (H / 2 - p[1]) * 0.1;
      const d = Math.max(0.01, Math.hypot(disp[i][0], disp[i][1])), step = Math.min(d, temp);
      p[0] = Math.min(W - 40, Math.max(40, p[0] + (disp[i][0] / d) * step));
      p[1] = Math.min(H - 30, Math.max(30, p[1] + (disp[i][1] / d) * step));
    });
  }
  return new Map(names.map((a, i) => [a, pos[i]]));
}

function networkGraph(edges) {
  const [W, H] = [900, 560];
  const volume = new Map();
  for (const e of edges) for (const a of [e.source, e.target]) volume.set(a, (volume.get(a) || 0) + e.events);
  const names = [...volume.keys()].sort();
  const pos = layout(names, edges, W, H);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const maxEvents = Math.max(...edges.map((e) => e.events));
  const pairs = new Set(edges.map((e) => e.source + "\u0000" + e.target));
  for (const e of edges) {
    const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
    const width = 1.5 + 5 * Math.sqrt(e.events / maxEvents);
    let d;
    if (e.source === e.target) {
      d = `M ${x1} ${y1} c -30 -40, 30 -40, 0 0`;
    } else {
      // Bend an edge when the reverse one exists too, so a→b and b→a both show.
      const bend = pairs.has(e.target + "\u0000" + e.source) ? 0.15 : 0;
      const [mx, my] = [(x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend];
      d = `M ${x1} ${y1} Q ${mx} ${my} ${x2} ${y2}`;
    }
    const edge = s("path", { class: "edge", d, stroke: goldsteinColor(e.goldstein_mean), "stroke-width": width, "stroke-opacity": 0.85 },
      s("title", {}, `${e.source} → ${e.target}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict), mean Goldstein ${fmt(e.goldstein_mean)}`));
    edge.addEventListener("click", () => { location.hash = "#/dyad?" + query({ a: e.source, b: e.target }); });
    svg.append(edge);
  }
  const maxVolume = Math.max(...volume.values());
  for (const a of names) {
    const [x, y] = pos.get(a);
    const r = 5 + 9 * Math.sqrt(volume.get(a) / maxVolume);
    svg.append(s("g", { class: "node", transform: `translate(${x},${y})` },
      s("circle", { r }, s("title", {}, `${a}: ${volume.get(a)} events`)),
      s("text", { x: r + 3, y: 4 }, a)));
  }
  // Colour scale of the edges.
  const scale = s("g", { transform: `translate(${W - 230},${H - 24})` });
  for (let g = -10; g <= 10; g += 2) scale.append(s("rect", { x: (g + 10) * 8, y: 0, width: 16, height: 10, fill: goldsteinColor(g) }));
  scale.append(s("text", { x: 0, y: -4, class: "axis" }, "conflict −10"), s("text", { x: 176, y: -4, class: "axis", "text-anchor": "end" }, "+10 cooperation"));
  svg.append(scale);
  return svg;
}

// ---- search ---------------------------------------------------------------------------------------

/// A snippet whose matches the API marks with [brackets], with the matches as <mark>.
function snippet(text) {
  const out = h("span", { class: "snippet" });
  text.split(/(\[[^\]]*\])/).forEach((part) => {
    if (part.startsWith("[") && part.endsWith("]")) out.append(h("mark", {}, part.slice(1, -1)));
    else out.append(part);
  });
  return out;
}

async function searchView(params) {
  const q = params.get("q") || "";
  const form = controls([["Words", h("input", { name: "q", value: q, type: "search", placeholder: "words or a phrase", size: 40 })]],
    (f) => { location.hash = "#/search?" + query(f); });
  if (!q.trim()) {
    view.replaceChildren(h("h1", {}, "Search articles and quotes"), form);
    return;
  }
  const hits = (await api("/api/search?" + query({ q, limit: 100 }))).items;
  view.replaceChildren(h("h1", {}, "Search articles and quotes"), form,
    h("p", { class: "muted" }, `${hits.length} hits for “${q}”`),
    h("div", { class: "hits" }, hits.map((hit) => h("div", { class: "hit" },
      h("span", { class: "kind " + hit.kind }, hit.kind),
      h("a", { href: "#/article/" + encodeURIComponent(hit.doc_id) }, hit.title || hit.doc_id),
      h("span", { class: "muted" }, [hit.date, hit.speaker].filter(Boolean).map((x) => " · " + x).join("")),
      h("div", {}, snippet(hit.snippet))))));
}

window.addEventListener("hashchange", route);
route();

// newsdex search page. Everything it shows comes from /api/*, and every piece of story
// text reaches the page through textContent or createTextNode, never innerHTML, so a
// story holding markup shows it as text. The URL holds the whole state.
"use strict";

const PAGE_SIZE = 10;
const FILTERS = ["location", "agency", "category", "speaker", "tag"];
const FACET_NAMES = { location: "Places", agency: "Agencies", category: "Categories", speaker: "Speakers", tag: "Tags" };
// The facet list each filter is counted in (`tag=` filters what `tags` counts).
const FACET_KEYS = { location: "location", agency: "agency", category: "category", speaker: "speaker", tag: "tags" };
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  return node;
}

// --- State: the URL's query string -------------------------------------------------

function state() {
  return new URLSearchParams(location.search);
}

function urlWith(changes, base) {
  const params = new URLSearchParams(base || location.search);
  for (const [key, value] of Object.entries(changes)) {
    params.delete(key);
    for (const v of [].concat(value)) {
      if (v !== null && v !== undefined && v !== "" && v !== false) params.append(key, v);
    }
  }
  const text = params.toString();
  return text ? "?" + text : location.pathname;
}

function go(url) {
  history.pushState(null, "", url);
  render();
}

// Links inside the page change the state without reloading it.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-state]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  go(link.getAttribute("href"));
});

window.addEventListener("popstate", render);

// --- API ------------------------------------------------------------------------------

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = { error: "the server answered " + response.status };
  }
  if (!response.ok) throw new Error(body.error || "the server answered " + response.status);
  return body;
}

function apiParams(s, keep) {
  const out = new URLSearchParams();
  for (const key of keep) for (const value of s.getAll(key)) if (value) out.append(key, value);
  return out;
}

// --- Highlights: byte ranges into UTF-8 text -> <mark> ---------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function highlighted(text, ranges) {
  const bytes = encoder.encode(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > bytes.length || start >= end) continue;
    frag.append(document.createTextNode(decoder.decode(bytes.subarray(at, start))));
    frag.append(el("mark", {}, decoder.decode(bytes.subarray(start, end))));
    at = end;
  }
  frag.append(document.createTextNode(decoder.decode(bytes.subarray(at))));
  return frag;
}

// --- Rendering --------------------------------------------------------------------------

function showError(message) {
  const box = $("error");
  box.textContent = message ? "Error: " + message : "";
  box.hidden = !message;
}

function fillForm(s) {
  $("q").value = s.get("q") || "";
  $("since").value = s.get("since") || "";
  $("until").value = s.get("until") || "";
  $("sort").value = s.get("sort") || "relevance";
  $("by").value = s.get("by") || "month";
  $("any").checked = s.get("any") === "1";
  if (s.get("since") || s.get("until") || s.get("sort") || s.get("any")) $("options").open = true;
}

function renderFilters(s) {
  const box = $("filters");
  box.replaceChildren();
  const chips = [];
  for (const key of FILTERS) {
    for (const value of s.getAll(key)) {
      const rest = s.getAll(key).filter((v) => v !== value);
      chips.push(el("a", { href: urlWith({ [key]: rest, offset: null }), "data-state": true, class: "chip",
        "aria-label": "Remove filter " + key + ": " + value }, key + ": " + value + " ×"));
    }
  }
  if (s.get("since") || s.get("until")) {
    chips.push(el("a", { href: urlWith({ since: null, until: null, offset: null }), "data-state": true, class: "chip",
      "aria-label": "Remove date range" }, "dates: " + (s.get("since") || "…") + " to " + (s.get("until") || "…") + " ×"));
  }
  box.append(...chips);
  box.hidden = chips.length === 0;
}

function meta(hit) {
  const parts = [];
  if (hit.location) parts.push(hit.location);
  if (hit.date) parts.push(hit.date);
  if (hit.agency) parts.push(hit.agency);
  if (hit.published) parts.push(el("time", { datetime: hit.published }, hit.published));
  if (hit.category) parts.push(hit.category);
  const line = el("p", { class: "meta" });
  parts.forEach((part, i) => {
    if (i > 0) line.append(" · ");
    line.append(part);
  });
  return line;
}

function storyHref(id) {
  return urlWith({ story: id });
}

function renderHit(hit) {
  const item = el("li", { class: "hit" });
  const title = hit.title || hit.snippet.slice(0, 80) || hit.id;
  const ranges = hit.title ? (hit.title_highlights || titleRanges(hit)) : [];
  const heading = el("h3", {}, el("a", { href: storyHref(hit.id), "data-state": true }, highlighted(title, ranges)));
  item.append(heading, meta(hit));
  for (const snippet of hit.snippets.length ? hit.snippets : [{ text: hit.snippet, highlights: hit.highlights }]) {
    if (snippet.text && snippet.field !== "title") {
      item.append(el("p", { class: "snippet" }, highlighted(snippet.text, snippet.highlights)));
    }
  }
  for (const quote of hit.quotes.slice(0, 2)) {
    item.append(el("blockquote", {}, el("p", {}, "“" + quote.text + "”"),
      quote.speaker ? el("footer", {}, "— ", el("cite", {}, quote.speaker)) : null));
  }
  return item;
}

// The JSON contract marks matches in the snippet; the headline's are in `snippets` when the
// best passage is the title itself.
function titleRanges(hit) {
  const fromTitle = hit.snippets.find((s) => s.field === "title" && s.text === hit.title);
  return fromTitle ? fromTitle.highlights : [];
}

function renderResults(s, results) {
  const list = el("ol", { class: "hits", start: results.hits.length ? results.hits[0].rank : 1 });
  results.hits.forEach((hit) => list.append(renderHit(hit)));
  const box = $("results");
  box.replaceChildren();
  if (results.fell_back) {
    box.append(el("p", { class: "note" }, "No story has every word; showing stories with any of them."));
  }
  for (const suggestion of results.suggestions || []) {
    if (!suggestion.did_you_mean.length) continue;
    const fixed = (s.get("q") || "").split(suggestion.word).join(suggestion.did_you_mean[0]);
    box.append(el("p", { class: "note" }, "Did you mean ",
      el("a", { href: urlWith({ q: fixed, offset: null }), "data-state": true }, suggestion.did_you_mean[0]), "?"));
  }
  box.append(list);
  const first = results.hits.length ? results.hits[0].rank : 0;
  const last = results.hits.length ? results.hits[results.hits.length - 1].rank : 0;
  $("status").textContent = results.total_hits === 0
    ? "No story matches."
    : `${first}–${last} of ${results.total_hits} matching ${results.total_hits === 1 ? "story" : "stories"}`;
  renderPages(s, results.total_hits);
  renderFacets(s, results.facets);
}

function renderPages(s, total) {
  const nav = $("pages");
  nav.replaceChildren();
  const offset = Number(s.get("offset") || 0);
  const links = [];
  if (offset > 0) {
    links.push(el("a", { href: urlWith({ offset: Math.max(0, offset - PAGE_SIZE) || null }), "data-state": true, rel: "prev" }, "← Newer results"));
  }
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (total > PAGE_SIZE) links.push(el("span", { "aria-current": "page" }, `Page ${page} of ${pages}`));
  if (offset + PAGE_SIZE < total) {
    links.push(el("a", { href: urlWith({ offset: offset + PAGE_SIZE }), "data-state": true, rel: "next" }, "More results →"));
  }
  nav.append(...links);
  nav.hidden = links.length === 0;
}

function renderFacets(s, facets) {
  const aside = $("facets");
  aside.replaceChildren();
  if (!facets) return;
  for (const key of FILTERS) {
    const values = facets[FACET_KEYS[key]] || [];
    if (!values.length) continue;
    const chosen = s.getAll(key);
    const list = el("ul");
    for (const { value, count } of values) {
      const on = chosen.some((v) => v.toLowerCase() === value.toLowerCase());
      const next = on ? chosen.filter((v) => v.toLowerCase() !== value.toLowerCase()) : chosen.concat([value]);
      list.append(el("li", {}, el("a", { href: urlWith({ [key]: next, offset: null }), "data-state": true,
        class: on ? "facet on" : "facet", "aria-pressed": on ? "true" : "false",
        "aria-label": (on ? "Remove filter " : "Only ") + key + " " + value + ", " + count + (count === 1 ? " story" : " stories") },
        el("span", { class: "value" }, value), el("span", { class: "count" }, String(count)))));
    }
    aside.append(el("section", { class: "facet-group" }, el("h2", {}, FACET_NAMES[key]), list));
  }
}

// --- Timeline chart -----------------------------------------------------------------------

function renderTimeline(s, data) {
  const section = $("timeline");
  const chart = $("chart");
  chart.replaceChildren();
  const periods = data.timeline;
  section.hidden = periods.length === 0;
  if (!periods.length) return;
  const width = 720, height = 140, axis = 18;
  const max = Math.max(1, ...periods.map((p) => p.count));
  const step = width / periods.length;
  const since = s.get("since"), until = s.get("until");
  const root = svg("svg", { viewBox: `0 0 ${width} ${height + axis}`, role: "group", class: since || until ? "chart ranged" : "chart",
    "aria-label": `Matching stories per ${data.by}` + (data.undated ? `; ${data.undated} undated` : "") });
  const selection = svg("rect", { class: "selection", x: 0, y: 0, width: 0, height, visibility: "hidden" });
  root.append(selection);
  const bars = periods.map((p, i) => {
    const h = p.count ? Math.max(2, (p.count / max) * (height - 4)) : 0;
    const inRange = (!since || p.last >= since) && (!until || p.first <= until);
    const group = svg("g", { class: inRange && (since || until) ? "bar chosen" : "bar", tabindex: 0, role: "button",
      "aria-label": `${p.period}: ${p.count} ${p.count === 1 ? "story" : "stories"}. Show only these.` });
    const hit = svg("rect", { class: "hit-area", x: i * step, y: 0, width: step, height });
    const barWidth = Math.max(1, Math.min(48, step * 0.8));
    const bar = svg("rect", { class: "fill", x: i * step + (step - barWidth) / 2, y: height - h, width: barWidth, height: h });
    const tip = svg("title", {});
    tip.textContent = `${p.period}: ${p.count}`;
    group.append(hit, bar, tip);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(i, i);
      }
    });
    root.append(group);
    return group;
  });
  // Axis labels: first, last and a few between.
  const labels = Math.min(periods.length, 6);
  for (let k = 0; k < labels; k++) {
    const i = labels === 1 ? 0 : Math.round((k * (periods.length - 1)) / (labels - 1));
    const text = svg("text", { x: i * step + step / 2, y: height + axis - 4, "text-anchor": k === 0 ? "start" : k === labels - 1 ? "end" : "middle" });
    text.textContent = periods[i].period;
    root.append(text);
  }
  function choose(a, b) {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    go(urlWith({ since: periods[lo].first, until: periods[hi].last, offset: null }));
  }
  // The chart keeps its aspect ratio (a wide screen centres it between margins), so the
  // pointer is mapped through the SVG's own transform, not the element's box.
  function indexAt(event) {
    const matrix = root.getScreenCTM();
    const x = matrix
      ? new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse()).x
      : ((event.clientX - root.getBoundingClientRect().left) / root.getBoundingClientRect().width) * width;
    return Math.min(periods.length - 1, Math.max(0, Math.floor(x / step)));
  }
  let start = null;
  root.addEventListener("pointerdown", (event) => {
    start = indexAt(event);
    root.setPointerCapture(event.pointerId);
    mark(start, start);
  });
  root.addEventListener("pointermove", (event) => {
    if (start !== null) mark(start, indexAt(event));
  });
  root.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = indexAt(event);
    const from = start;
    start = null;
    choose(from, end);
  });
  function mark(a, b) {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    selection.setAttribute("x", lo * step);
    selection.setAttribute("width", (hi - lo + 1) * step);
    selection.setAttribute("visibility", "visible");
  }
  chart.append(root);
  if (data.undated) chart.append(el("p", { class: "hint" }, `${data.undated} matching ${data.undated === 1 ? "story has" : "stories have"} no date.`));
  return bars;
}

// --- Story view -------------------------------------------------------------------------------

function renderStory(story) {
  const view = $("story");
  view.replaceChildren();
  const back = el("a", { href: urlWith({ story: null }), "data-state": true, class: "back" }, "← Back to results");
  const fields = el("dl", { class: "fields" });
  const add = (name, value) => {
    if (value === null || value === undefined || value === "") return;
    fields.append(el("dt", {}, name), el("dd", {}, value));
  };
  add("Dateline", story.dateline && story.dateline.raw);
  add("Place", story.dateline && story.dateline.location);
  add("Date as written", story.dateline && story.dateline.date);
  add("Agency", story.dateline && story.dateline.agency);
  add("Published", story.published);
  add("Byline", story.byline);
  add("Category", story.category);
  add("Id", story.id);
  const body = el("div", { class: "body" });
  for (const para of story.body.split(/\n\s*\n/)) if (para.trim()) body.append(el("p", {}, para.trim()));
  const quotes = el("ol", { class: "quotes" });
  for (const quote of story.quotes) {
    quotes.append(el("li", {}, el("blockquote", {}, el("p", {}, "“" + quote.text + "”"),
      el("footer", {}, "— ", quote.speaker ? el("cite", {}, quote.speaker) : el("em", {}, "speaker unknown")))));
  }
  view.append(back, el("h2", {}, story.title || "(no headline)"), fields, body);
  if (story.quotes.length) view.append(el("h3", {}, `Quotes (${story.quotes.length})`), quotes);
  document.title = (story.title || story.id) + " — newsdex";
}

// --- Main -------------------------------------------------------------------------------------

let generation = 0;

async function render() {
  const mine = ++generation;
  const s = state();
  fillForm(s);
  renderFilters(s);
  showError("");
  const storyId = s.get("story");
  const q = s.get("q") || "";
  $("story").hidden = !storyId;
  for (const id of ["results", "facets", "pages", "timeline", "status"]) $(id).hidden = Boolean(storyId);
  if (storyId) {
    try {
      const story = await api("/api/story/" + encodeURIComponent(storyId));
      if (mine !== generation) return;
      renderStory(story);
      $("story").focus({ preventScroll: true });
      window.scrollTo(0, 0);
    } catch (error) {
      if (mine === generation) showError(error.message);
    }
    return;
  }
  document.title = q ? q + " — newsdex" : "newsdex";
  if (!q.trim()) {
    $("results").replaceChildren(el("p", { class: "note" }, "Type words to search the archive. Try a place, a name, or speaker:surname."));
    $("status").textContent = "";
    $("facets").replaceChildren();
    $("pages").replaceChildren();
    $("timeline").hidden = true;
    return;
  }
  const searchParams = apiParams(s, ["q", "offset", "sort", "since", "until", "any", ...FILTERS]);
  searchParams.set("n", String(PAGE_SIZE));
  searchParams.set("facets", "1");
  searchParams.set("fallback", "1");
  searchParams.set("snippets", "2");
  const timelineParams = apiParams(s, ["q", "any", ...FILTERS]);
  timelineParams.set("by", s.get("by") || "month");
  timelineParams.set("fallback", "1");
  $("status").textContent = "Searching…";
  try {
    const [results, timeline] = await Promise.all([
      api("/api/search?" + searchParams),
      api("/api/timeline?" + timelineParams),
    ]);
    if (mine !== generation) return;
    renderResults(s, results);
    renderTimeline(s, timeline);
  } catch (error) {
    if (mine !== generation) return;
    $("status").textContent = "";
    $("results").replaceChildren();
    $("facets").replaceChildren();
    $("pages").replaceChildren();
    $("timeline").hidden = true;
    showError(error.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const s = state();
    go(urlWith({
      q: $("q").value.trim(),
      since: $("since").value.trim(),
      until: $("until").value.trim(),
      sort: $("sort").value === "relevance" ? null : $("sort").value,
      by: $("by").value === "month" ? null : $("by").value,
      any: $("any").checked ? "1" : null,
      offset: null,
      story: null,
    }, s));
  });
  $("by").addEventListener("change", () => go(urlWith({ by: $("by").value === "month" ? null : $("by").value })));
  render();
});

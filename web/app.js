// rassegna's search page: plain JavaScript over the HTTP API, no framework.
//
// The whole state of the page lives in its address (q, from, to, person…,
// article=ID, profile=NAME), so a page can be shared and back/forward work:
// every action builds a new state, pushes it to the history and renders
// from the address. Article text is never parsed as HTML: highlighted text
// is built as text nodes and <mark> elements from the API's offsets.
"use strict";

const SERIES_COLORS = ["#1d4e89", "#d1495b", "#2a9d8f"];
const MAX_COMPARED = 2; // besides the main query: three on one chart
const PAGE_SIZE = 10;
const LIST = ["person", "vs"]; // parameters that may repeat

// ---------------------------------------------------------------- state

function readState() {
  const params = new URLSearchParams(location.search);
  const state = {};
  for (const [key, value] of params) {
    if (LIST.includes(key)) (state[key] = state[key] || []).push(value);
    else state[key] = value;
  }
  state.person = state.person || [];
  state.vs = (state.vs || []).slice(0, MAX_COMPARED);
  return state;
}

function stateQuery(state) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else if (value !== undefined && value !== null && value !== "") params.set(key, value);
  }
  return params.toString();
}

function go(state, replace) {
  const query = stateQuery(state);
  const url = query ? "?" + query : location.pathname;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

/// The search part of a state (what a search request takes).
function searchParams(state, extra) {
  const params = new URLSearchParams();
  params.set("q", state.q || "");
  for (const key of ["from", "to", "author", "sort"]) if (state[key]) params.set(key, state[key]);
  if (state.any === "1") params.set("any", "true");
  for (const p of state.person) params.append("person", p);
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return params;
}

// ---------------------------------------------------------------- DOM

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== undefined && value !== null) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/// Text with the given ranges (offsets in Unicode code points, end
/// excluded) wrapped in <mark>: text nodes only, never HTML.
function highlighted(text, highlights) {
  const chars = Array.from(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const h of highlights || []) {
    const start = Math.max(at, Math.min(h.start, chars.length));
    const end = Math.max(start, Math.min(h.end, chars.length));
    if (start > at) out.append(chars.slice(at, start).join(""));
    out.append(el("mark", null, chars.slice(start, end).join("")));
    at = end;
  }
  if (at < chars.length) out.append(chars.slice(at).join(""));
  return out;
}

function plural(n, one, many) {
  return n.toLocaleString("it-IT") + " " + (n === 1 ? one : many);
}

const MONTHS = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"];
function periodLabel(period) {
  const [year, month] = period.split("-");
  return month ? MONTHS[Number(month) - 1] + " " + year : year;
}
function dateLabel(date) {
  if (!date) return "senza data";
  const [y, m, d] = date.split("-");
  return Number(d) + " " + MONTHS[Number(m) - 1] + " " + y;
}

const view = () => document.getElementById("view");
const statusLine = () => document.getElementById("status");

function setStatus(text, kind) {
  const node = statusLine();
  node.textContent = text || "";
  node.className = "status" + (kind ? " " + kind : "");
}

// ---------------------------------------------------------------- API

let generation = 0; // renders started; answers to older ones are dropped

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : "risposta " + response.status;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(error) {
  view().replaceChildren(
    el("div", { class: "error", role: "alert" },
      el("h2", null, "Qualcosa non va"),
      el("p", null, error.status === 400 || error.status === 414
        ? "La ricerca non è valida: " + error.message
        : error.status === 404 ? "Non trovato: " + error.message
        : error.status === 503 ? "Il server è occupato: riprova tra un momento."
        : "Errore: " + error.message)));
  setStatus("");
}

// ---------------------------------------------------------------- chart

/// Bars per period for up to three series sharing one axis; `share`
/// divides by all articles of the period. `onSelect(first, last)` gets
/// the periods clicked or dragged over (keyboard: arrows, Shift+arrows,
/// Enter).
function chart(series, share, onSelect) {
  const periods = series[0].timeline.periods;
  const wrap = el("div", { class: "chart" });
  if (!periods.length) {
    wrap.append(el("p", { class: "muted" }, "Nessun articolo datato in questo intervallo."));
    return wrap;
  }
  const value = (p) => (share ? (p.all_articles ? p.articles / p.all_articles : 0) : p.articles);
  const max = Math.max(...series.flatMap((s) => s.timeline.periods.map(value)), share ? 0.0001 : 1);
  const W = 420, H = 170, left = 40, bottom = 20, top = 8;
  const plotW = W - left - 4, plotH = H - bottom - top;
  const step = plotW / periods.length;
  const barW = Math.max(1, (step * 0.8) / series.length);
  const format = (v) => (share ? (v * 100).toLocaleString("it-IT", { maximumFractionDigits: 1 }) + "%" : Math.round(v).toLocaleString("it-IT"));
  const root = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "bars", role: "application", tabindex: "0",
    "aria-label": "Articoli nel tempo: frecce per scegliere un periodo, Maiusc+frecce per un intervallo, Invio per restringere le date",
  });
  for (const frac of [0, 0.5, 1]) {
    const y = top + plotH * (1 - frac);
    root.append(svg("line", { x1: left, x2: W - 4, y1: y, y2: y, class: "grid" }));
    const label = svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "axis" });
    label.textContent = format(max * frac);
    root.append(label);
  }
  const every = Math.ceil(periods.length / 8);
  const groups = periods.map((p, i) => {
    const g = svg("g", { class: "period", "data-period": p.period });
    const x = left + i * step;
    g.append(svg("rect", { x, y: top, width: step, height: plotH, class: "hit" }));
    series.forEach((s, k) => {
      const v = value(s.timeline.periods[i] || p);
      const h = (plotH * v) / max;
      const bar = svg("rect", { x: x + step * 0.1 + k * barW, y: top + plotH - h, width: barW, height: Math.max(h, 0), fill: s.color });
      const title = svg("title");
      title.textContent = `${periodLabel(p.period)} · ${s.label}: ${format(v)}` + (share ? ` (${s.timeline.periods[i].articles} su ${p.all_articles})` : "");
      bar.append(title);
      g.append(bar);
    });
    // Months over more than a year are labelled at each January (the
    // year); otherwise every period, or every few when they are many.
    const byYear = periods.length > 12 && p.period.length > 4;
    if (byYear ? p.period.endsWith("-01") || i === 0 : i % every === 0) {
      const t = svg("text", { x: x + (byYear ? 0 : step / 2), y: H - 6, "text-anchor": byYear ? "start" : "middle", class: "axis" });
      t.textContent = byYear ? p.period.slice(0, 4) : periodLabel(p.period);
      g.append(t);
    }
    root.append(g);
    return g;
  });
  const live = el("p", { class: "sr", "aria-live": "polite" });
  let anchor = null, cursor = null;
  const mark = (a, b) => {
    const [lo, hi] = a === null ? [-1, -2] : [Math.min(a, b), Math.max(a, b)];
    groups.forEach((g, i) => g.classList.toggle("picked", i >= lo && i <= hi));
  };
  const indexAt = (event) => {
    const box = root.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * W;
    return Math.max(0, Math.min(periods.length - 1, Math.floor((x - left) / step)));
  };
  const finish = (a, b) => {
    const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
    onSelect(periods[lo].period, periods[hi].period);
  };
  root.addEventListener("pointerdown", (e) => {
    anchor = cursor = indexAt(e);
    root.setPointerCapture(e.pointerId);
    mark(anchor, cursor);
  });
  root.addEventListener("pointermove", (e) => {
    if (anchor === null) return;
    cursor = indexAt(e);
    mark(anchor, cursor);
  });
  root.addEventListener("pointerup", (e) => {
    if (anchor === null) return;
    const a = anchor;
    anchor = null;
    finish(a, indexAt(e));
  });
  let keyAnchor = null, keyCursor = null;
  root.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      const delta = e.key === "ArrowRight" ? 1 : -1;
      keyCursor = keyCursor === null ? (delta > 0 ? 0 : periods.length - 1) : Math.max(0, Math.min(periods.length - 1, keyCursor + delta));
      if (!e.shiftKey || keyAnchor === null) keyAnchor = keyCursor;
      mark(keyAnchor, keyCursor);
      const p = periods[keyCursor];
      live.textContent = series.map((s) => `${s.label}: ${format(value(s.timeline.periods[keyCursor] || p))}`).join("; ") + " — " + periodLabel(p.period);
    } else if ((e.key === "Enter" || e.key === " ") && keyCursor !== null) {
      e.preventDefault();
      finish(keyAnchor, keyCursor);
    }
  });
  wrap.append(root, live);
  return wrap;
}

// ---------------------------------------------------------------- views

function fillForm(state) {
  document.getElementById("q").value = state.q || "";
  document.getElementById("from").value = state.from || "";
  document.getElementById("to").value = state.to || "";
  document.getElementById("any").checked = state.any === "1";
  document.getElementById("sort").value = state.sort === "date" ? "date" : "relevance";
}

function render() {
  const state = readState();
  fillForm(state);
  const mine = ++generation;
  const current = () => mine === generation;
  if (state.article) return renderArticle(state, current);
  if (state.profile) return renderPerson(state, current);
  return renderSearch(state, current);
}

function filterChips(state) {
  const chips = [];
  const without = (change) => () => go(Object.assign({}, state, change, { offset: "" }));
  if (state.from || state.to) {
    const text = state.from && state.to ? (state.from === state.to ? periodLabel(state.from) : `${state.from} – ${state.to}`) : state.from ? "dal " + state.from : "fino al " + state.to;
    chips.push(el("button", { class: "chip", type: "button", onclick: without({ from: "", to: "" }), "aria-label": "Togli il filtro di date " + text }, "Date: " + text, " ✕"));
  }
  for (const name of state.person) {
    chips.push(el("button", { class: "chip", type: "button", "aria-label": "Togli il filtro " + name, onclick: without({ person: state.person.filter((p) => p !== name) }) }, "Persona: " + name, " ✕"));
  }
  if (state.author) chips.push(el("button", { class: "chip", type: "button", onclick: without({ author: "" }) }, "Autore: " + state.author, " ✕"));
  return chips.length ? el("div", { class: "chips", "aria-label": "Filtri attivi" }, chips) : null;
}

function togglePerson(state, name) {
  const has = state.person.includes(name);
  const person = has ? state.person.filter((p) => p !== name) : state.person.concat([name]).slice(-5);
  go(Object.assign({}, state, { person, offset: "" }));
}

function personsFacet(state, persons) {
  const box = el("section", { class: "facet", "aria-labelledby": "persons-title" }, el("h2", { id: "persons-title" }, "Persone più citate"));
  if (!persons || !persons.length) {
    box.append(el("p", { class: "muted" }, "Nessuna persona nei risultati."));
    return box;
  }
  const top = persons[0].articles || 1;
  box.append(el("ol", { class: "persons" }, persons.map((p) => {
    const on = state.person.includes(p.name);
    return el("li", null,
      el("button", { type: "button", class: "person" + (on ? " on" : ""), "aria-pressed": on ? "true" : "false", title: on ? "Togli il filtro" : "Filtra per questa persona", onclick: () => togglePerson(state, p.name) },
        el("span", { class: "name" }, p.name),
        el("span", { class: "count" }, p.articles.toLocaleString("it-IT")),
        el("span", { class: "meter", style: false }, el("span", { class: "fill", "data-w": String(Math.round((100 * p.articles) / top)) }))),
      el("a", { class: "profile", href: "?" + stateQuery({ profile: p.name }), title: "Scheda di " + p.name, onclick: link({ profile: p.name, person: [], vs: [] }) }, "scheda"));
  })));
  // Widths through the style object (allowed by the page's CSP), not attributes.
  box.querySelectorAll(".fill").forEach((f) => (f.style.width = f.dataset.w + "%"));
  return box;
}

/// A click handler that goes to `state` through the history (the link's
/// href holds the same address, for opening in a new tab).
function link(state) {
  return (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button === 1) return;
    e.preventDefault();
    go(state);
  };
}

function hitView(state, hit) {
  const articleState = { article: hit.id, q: state.q || "", any: state.any || "", back: stateQuery(state) };
  return el("li", { class: "hit" },
    el("div", { class: "meta" }, `${hit.rank}. `, el("time", { datetime: hit.date || "" }, dateLabel(hit.date)), hit.author ? " · " + hit.author : ""),
    el("h3", null, el("a", { href: "?" + stateQuery(articleState), onclick: link(articleState) }, hit.headline || hit.id)),
    el("p", { class: "snippet" }, highlighted(hit.snippet.text, hit.snippet.highlights)),
    hit.persons.length ? el("div", { class: "hit-persons" }, hit.persons.map((name) => el("button", { type: "button", class: "tag" + (state.person.includes(name) ? " on" : ""), "aria-pressed": state.person.includes(name) ? "true" : "false", onclick: () => togglePerson(state, name) }, name))) : null);
}

function pager(state, results) {
  const offset = results.offset;
  const nav = el("nav", { class: "pager", "aria-label": "Pagine dei risultati" });
  const to = (o) => Object.assign({}, state, { offset: o ? String(o) : "" });
  if (offset > 0) nav.append(el("a", { href: "?" + stateQuery(to(Math.max(0, offset - PAGE_SIZE))), onclick: link(to(Math.max(0, offset - PAGE_SIZE))), rel: "prev" }, "← Precedenti"));
  nav.append(el("span", null, `${offset + 1}–${offset + results.hits.length} di ${results.total.toLocaleString("it-IT")}`));
  if (offset + results.hits.length < results.total && offset + PAGE_SIZE < 100000) nav.append(el("a", { href: "?" + stateQuery(to(offset + PAGE_SIZE)), onclick: link(to(offset + PAGE_SIZE)), rel: "next" }, "Successivi →"));
  return nav;
}

function compareControls(state) {
  const form = el("form", { class: "compare" });
  const input = el("input", { type: "search", placeholder: "Confronta con un'altra ricerca", "aria-label": "Confronta con un'altra ricerca" });
  form.append(input, el("button", { type: "submit" }, "Aggiungi"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text && state.vs.length < MAX_COMPARED) go(Object.assign({}, state, { vs: state.vs.concat([text]) }));
  });
  if (state.vs.length >= MAX_COMPARED) input.disabled = true;
  return form;
}

async function renderSearch(state, current) {
  document.title = state.q ? `${state.q} — rassegna` : "rassegna — cerca nell'archivio";
  setStatus("Caricamento…", "loading");
  view().setAttribute("aria-busy", "true");
  const offset = Number(state.offset || 0) || 0;
  let results, compared;
  try {
    [results, ...compared] = await Promise.all([
      api("/api/search?" + searchParams(state, { offset: String(offset), limit: String(PAGE_SIZE), facets: "persons,timeline" })),
      ...state.vs.map((q) => api("/api/search?" + searchParams(Object.assign({}, state, { q, sort: "" }), { limit: "1", facets: "timeline" }))),
    ]);
  } catch (error) {
    if (current()) showError(error);
    view().removeAttribute("aria-busy");
    return;
  }
  if (!current()) return;
  view().removeAttribute("aria-busy");
  const share = state.scale === "share";
  const series = [{ label: state.q || "tutti gli articoli", color: SERIES_COLORS[0], timeline: results.timeline }].concat(
    compared.map((r, i) => ({ label: state.vs[i], color: SERIES_COLORS[i + 1], timeline: r.timeline })));
  const narrow = (from, to) => go(Object.assign({}, state, { from, to, offset: "" }));
  const scaleToggle = el("div", { class: "toggle", role: "group", "aria-label": "Scala" },
    el("button", { type: "button", "aria-pressed": share ? "false" : "true", onclick: () => go(Object.assign({}, state, { scale: "" }), true) }, "Articoli"),
    el("button", { type: "button", "aria-pressed": share ? "true" : "false", onclick: () => go(Object.assign({}, state, { scale: "share" }), true) }, "Quota sul totale"));
  const legend = el("ul", { class: "legend" }, series.map((s, i) => el("li", null,
    el("span", { class: "swatch", "data-color": s.color }), `${s.label} (${(i === 0 ? results.total : compared[i - 1].total).toLocaleString("it-IT")})`,
    i > 0 ? el("button", { type: "button", class: "link", "aria-label": "Togli il confronto " + s.label, onclick: () => go(Object.assign({}, state, { vs: state.vs.filter((_, k) => k !== i - 1) })) }, "✕") : null)));
  legend.querySelectorAll(".swatch").forEach((s) => (s.style.background = s.dataset.color));
  const timelineBox = el("section", { class: "facet", "aria-labelledby": "time-title" },
    el("div", { class: "facet-head" }, el("h2", { id: "time-title" }, "Attenzione nel tempo"), scaleToggle),
    chart(series, share, narrow),
    el("p", { class: "hint" }, `Per ${results.timeline.interval === "year" ? "anno" : "mese"}. Clicca una barra o trascina su più barre per restringere le date.` + (results.timeline.undated ? ` ${plural(results.timeline.undated, "articolo", "articoli")} senza data.` : "")),
    legend, compareControls(state));

  const csv = "/api/search.csv?" + searchParams(state, { limit: "10000" });
  const list = results.total === 0
    ? el("div", { class: "empty" }, el("h2", null, "Nessun articolo trovato"), el("p", null, results.explanation || ""), el("p", { class: "hint" }, "Prova con meno parole, togli un filtro o allarga le date."))
    : el("ol", { class: "hits", start: String(offset + 1) }, results.hits.map((hit) => hitView(state, hit)));
  const head = el("div", { class: "results-head" },
    el("h2", { id: "results-title" }, plural(results.total, "articolo", "articoli")),
    results.total ? el("a", { class: "button", href: csv, download: "rassegna.csv" }, "Scarica CSV") : null);
  if (results.ignored_words.length) head.append(el("p", { class: "hint" }, "Parole comuni ignorate: " + results.ignored_words.join(", ")));
  view().replaceChildren(
    el("div", { class: "layout" },
      el("section", { class: "results", "aria-labelledby": "results-title" }, filterChips(state), head, list, results.total ? pager(state, results) : null),
      el("aside", { class: "side" }, timelineBox, personsFacet(state, results.persons))));
  setStatus(`${plural(results.total, "articolo", "articoli")} in ${Math.max(1, Math.round(results.took_ms))} ms`);
}

async function renderArticle(state, current) {
  setStatus("Caricamento…", "loading");
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.any === "1") params.set("any", "true");
  let article;
  try {
    article = await api("/api/articles/" + state.article.split("/").map(encodeURIComponent).join("/") + "?" + params);
  } catch (error) {
    if (current()) showError(error);
    return;
  }
  if (!current()) return;
  document.title = `${article.headline} — rassegna`;
  const back = el("a", { href: "?" + (state.back || ""), class: "back", onclick: (e) => { if (history.length > 1 && state.back !== undefined) { e.preventDefault(); history.back(); } } }, "← Torna ai risultati");
  view().replaceChildren(el("article", { class: "article" },
    back,
    el("p", { class: "meta" }, el("time", { datetime: article.date || "" }, dateLabel(article.date)), article.author ? " · " + article.author : "", " · ", el("code", null, article.id)),
    el("h1", null, article.headline),
    article.persons.length ? el("div", { class: "hit-persons" }, el("span", { class: "muted" }, "Persone citate: "), article.persons.map((name) => el("a", { class: "tag", href: "?" + stateQuery({ profile: name }), onclick: link({ profile: name, person: [], vs: [] }) }, name))) : null,
    state.q ? el("p", { class: "hint" }, plural(article.highlights.length, "parola evidenziata", "parole evidenziate") + " per «" + state.q + "»") : null,
    el("div", { class: "body" }, highlighted(article.body, article.highlights))));
  setStatus("");
  document.getElementById("main").focus();
}

async function renderPerson(state, current) {
  setStatus("Caricamento…", "loading");
  const params = new URLSearchParams();
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  let person;
  try {
    person = await api("/api/persons/" + encodeURIComponent(state.profile) + "?" + params);
  } catch (error) {
    if (current()) showError(error);
    return;
  }
  if (!current()) return;
  document.title = `${person.name} — rassegna`;
  const search = { person: [person.name], vs: [], from: state.from || "", to: state.to || "", sort: "date" };
  const narrow = (from, to) => go(Object.assign({}, state, { from, to }));
  view().replaceChildren(el("section", { class: "profile-page", "aria-labelledby": "person-title" },
    el("h1", { id: "person-title" }, person.name),
    filterChips(Object.assign({}, state, { person: [] })),
    el("p", null, plural(person.articles, "articolo", "articoli") + " con questo nome", " · ", el("a", { href: "?" + stateQuery(search), onclick: link(search) }, "Leggi gli articoli")),
    el("section", { class: "facet" }, el("h2", null, "Articoli nel tempo"), chart([{ label: person.name, color: SERIES_COLORS[0], timeline: person.timeline }], false, narrow)),
    el("section", { class: "facet" }, el("h2", null, "Citati più spesso insieme"),
      person.co_mentioned.length
        ? el("ol", { class: "persons" }, person.co_mentioned.map((p) => el("li", null, el("a", { href: "?" + stateQuery({ profile: p.name }), onclick: link({ profile: p.name, person: [], vs: [] }) }, p.name), " ", el("span", { class: "count" }, p.articles.toLocaleString("it-IT")))))
        : el("p", { class: "muted" }, "Nessuno."))));
  setStatus("");
}

// ---------------------------------------------------------------- wiring

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("search");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const state = readState();
    const from = document.getElementById("from").value.trim();
    const to = document.getElementById("to").value.trim();
    go({
      q: document.getElementById("q").value.trim(),
      from, to,
      any: document.getElementById("any").checked ? "1" : "",
      sort: document.getElementById("sort").value === "date" ? "date" : "",
      person: state.article || state.profile ? [] : state.person,
      author: state.article || state.profile ? "" : state.author,
      vs: state.article || state.profile ? [] : state.vs,
      scale: state.scale,
    });
  });
  for (const id of ["any", "sort"]) document.getElementById(id).addEventListener("change", () => form.requestSubmit());
  const help = document.getElementById("help");
  const toggle = document.getElementById("help-toggle");
  toggle.addEventListener("click", () => {
    help.hidden = !help.hidden;
    toggle.setAttribute("aria-expanded", String(!help.hidden));
  });
  document.getElementById("home").addEventListener("click", link({ person: [], vs: [] }));
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing) {
      e.preventDefault();
      document.getElementById("q").focus();
    }
  });
  window.addEventListener("popstate", render);
  render();
});

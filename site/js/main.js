// Wires the page: the inputs and the pollers change one store; every change is drawn
// once, each view redrawing only when a value it shows has changed.
import {
  apiBase,
  eventsUrl,
  fetchJson,
  LIMITS,
  nightOf,
  planetsUrl,
  SPAN_S,
  sharedPlace,
  skyUrl,
  testPerformance,
  tonightUrl,
} from "./api.js";
import { describeSky, renderChart } from "./chart.js";
import { Clock } from "./clock.js";
import { PlaceFinder, placeLabel } from "./finder.js";
import { covers, skyAt } from "./interpolate.js";
import { linkSearch, readLink } from "./link.js";
import { Poller, untilEarliestEvent } from "./poller.js";
import { Store } from "./store.js";
import { widthOf } from "./svg.js";
import { renderTable } from "./table.js";
import { renderTonight } from "./tonight.js";
import { bodyName, capital, describeObserver } from "./words.js";

const $ = (selector) => document.querySelector(selector);
const $$ = (selector) => [...document.querySelectorAll(selector)];
const ui = {
  form: $("[data-location-form]"),
  controls: $("[data-controls]"),
  inputs: {
    lat: $('[data-field-input="lat"]'),
    lon: $('[data-field-input="lon"]'),
    elevation: $('[data-field-input="elevation"]'),
  },
  time: $("[data-time-input]"),
  useLocation: $("[data-use-location]"),
  now: $("[data-now]"),
  share: $("[data-share]"),
  play: $("[data-play]"),
  playRate: $("[data-play-rate]"),
  shareNote: $("[data-share-note]"),
  shareLink: $("[data-share-link]"),
  search: {
    input: $("[data-place-search]"),
    list: $("[data-place-options]"),
    note: $("[data-place-note]"),
  },
  placeClock: $("[data-place-clock]"),
  clockNote: $("[data-clock-note]"),
  linkNote: $("[data-link-note]"),
  details: $("[data-details]"),
  status: $("[data-status]"),
  announce: $("[data-announce]"),
  banner: $("[data-banner]"),
  table: $("[data-table]"),
  rows: $("[data-rows]"),
  chart: $("[data-chart]"),
  chartText: $("[data-chart-text]"),
  perfForm: $("[data-perf-form]"),
  tonight: {
    heading: $("[data-tonight-heading]"),
    note: $("[data-tonight-note]"),
    list: $("[data-tonight-list]"),
    curves: $("[data-curves-chart]"),
  },
  perfResult: $("[data-perf-result]"),
};

const FIELDS = {
  lat: { label: "Latitude", unit: "°" },
  lon: { label: "Longitude", unit: "°" },
  elevation: { label: "Elevation", unit: " m" },
};
// The parameters the user types, each beside its field; a problem about any other is
// said under the form.
const TYPED = new Set(["lat", "lon", "elevation", "time"]);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const GREENWICH_NOTE = "showing the Greenwich Observatory";

// <meta name="poll-interval">: ms between two positions shown for "now"; 2000 as the
// tutorial had (it asked the API that often; the page now asks once per span).
function showInterval() {
  const configured = Number($('meta[name="poll-interval"]')?.content);
  return Number.isFinite(configured) && configured >= 500 ? configured : 2000;
}

const store = new Store({
  // {lat, lon, elevation, name?, zone?}: name and IANA zone when picked by name or linked;
  // null: the API's default, Greenwich
  place: null,
  time: null, // ISO string; null: now
  locationNote: "Finding your location…",
  clock: new Clock(),
  sky: null, // what is shown: the /planets answer for a moment, or "now" from the spans
  spans: [], // for "now": the last /sky answers for the place, interpolated between
  outage: null, // {error, retryIn} while the sky's requests fail
  events: null, // the /events answer for the place and time asked, null until it comes
  tonight: { date: null, plan: null, error: null }, // date: null for the night in progress
  catalogue: null, // data/sky.json: stars and constellation figures
  catalogueError: null,
  errors: {}, // field name (or "form") -> what is wrong with what was typed there
  linkNote: null, // what the page's address held that could not be read
  details: null, // the body whose details are open
  playing: null, // sky seconds per second while the sky plays; null: not playing
  // The drawings' laid-out widths, CSS pixels: they are drawn to size, so text keeps its size.
  widths: { chart: widthOf(ui.chart), curves: widthOf(ui.tonight.curves) },
});
const base = apiBase();

const query = (state) => ({ ...sharedPlace(state.place), time: state.time });
const tonightQuery = (state) => ({ ...sharedPlace(state.place), date: state.tonight.date });

// The next span is asked for this long before the samples run out.
const AHEAD_MS = 5000;
const SPAN_MS = SPAN_S * 1000;

const isoSeconds = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");

// For "now", the span that carries on from the samples held, or the one now is in.
function spanUrl(state) {
  const now = Date.now();
  const held = covers(state.spans, now) ? state.spans.at(-1) : null;
  const first = held ? Date.parse(held.stop) : Math.floor(now / SPAN_MS) * SPAN_MS;
  return skyUrl(base, { ...sharedPlace(state.place), start: isoSeconds(first) });
}

// Each poller asks the question the state holds when its request starts: a moment's sky
// once, or for "now" a span of it, again shortly before its samples run out.
const poller = new Poller(
  (signal) => {
    const state = store.state;
    return fetchJson(state.time ? planetsUrl(base, query(state)) : spanUrl(state), signal);
  },
  { nextDelay: (span) => Math.max(0, Date.parse(span.stop) - AHEAD_MS - Date.now()) },
);
// Rise, transit and set: asked once per place and time, and for "now" again only once
// the earliest next event in the answer has passed, never at every refresh of the sky.
const eventsPoller = new Poller(
  (signal) => fetchJson(eventsUrl(base, query(store.state)), signal),
  { nextDelay: untilEarliestEvent },
);
// Tonight's plan: asked once per place and night, never at every refresh; for now, again
// when the night ends (local noon), when the API's night in progress becomes the next.
const tonightPoller = new Poller(
  (signal) => fetchJson(tonightUrl(base, tonightQuery(store.state)), signal),
  { nextDelay: (plan) => Math.max(0, Date.parse(plan.night.end) - Date.now()) + 1000 },
);

poller.addEventListener("data", ({ detail: answer }) => {
  if (!("samples" in answer)) return store.set({ sky: answer, outage: null });
  const sameSpans = covers(store.state.spans, Date.parse(answer.start));
  store.set({ spans: [...(sameSpans ? store.state.spans : []), answer].slice(-2), outage: null });
  showNow();
});

// "Now" between the samples, as often as the tutorial polled, while the tab is seen.
let showing = null;
function showNow() {
  const { spans, time } = store.state;
  if (time === null && spans.length) store.set({ sky: skyAt(spans, Date.now()) });
}
function keepShowing(on) {
  clearInterval(showing);
  showing = on ? setInterval(showNow, showInterval()) : null;
}
poller.addEventListener("failure", ({ detail }) => store.set({ outage: detail }));
eventsPoller.addEventListener("data", ({ detail: events }) => store.set({ events }));
tonightPoller.addEventListener("data", ({ detail: plan }) => {
  store.set({ tonight: { ...store.state.tonight, plan, error: null } });
});
tonightPoller.addEventListener("failure", ({ detail }) => {
  store.set({ tonight: { ...store.state.tonight, error: detail.error.message } });
});

// A question the API refuses is the user's input, not an outage: said beside the field
// it came from, never retried, and the API counts as answering.
function rejected({ detail: { error } }) {
  const field = TYPED.has(error.parameter) ? error.parameter : "form";
  store.set({
    errors: { ...store.state.errors, [field]: `${capital(error.message)}.` },
    outage: null,
  });
}
poller.addEventListener("rejected", rejected);
eventsPoller.addEventListener("rejected", rejected);
tonightPoller.addEventListener("rejected", ({ detail }) => {
  if (detail.error.parameter !== "date") return rejected({ detail });
  // The page sends the date itself: a moment near 1900 or 2100 may belong to a night
  // outside the range, which is not the user's typing.
  const years = [LIMITS.time.min, LIMITS.time.max].map((iso) => iso.slice(0, 4)).join("–");
  const error = `this night is outside the years the API plans, ${years}`;
  store.set({ tonight: { ...store.state.tonight, error } });
});

// The clock of that kind for a place: its own needs a zone, else the viewer's stands in.
function clockFor(kind, place) {
  const name = place?.name?.split(",")[0] ?? "The place";
  return new Clock({
    kind: kind === "place" && !place?.zone ? "local" : kind,
    ...(place?.zone ? { zone: place.zone, place: name } : {}),
  });
}

// The page's address follows the place and time: replaced while typing, a new history
// entry for each committed change ("push"), left alone when it is what changed ("none").
function remember(how) {
  const search = linkSearch(store.state);
  if (how === "none" || search.slice(1) === new URLSearchParams(location.search).toString()) {
    return;
  }
  const url = `${location.pathname}${search}${location.hash}`;
  if (how === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

// A new place or time: the answers that no longer apply go, and each poller whose
// question changed asks again (the sky's always, as the tutorial did). A new place
// brings its own clock when it has a zone.
function ask(changes, how = "push") {
  if (store.state.playing) {
    player?.stop();
    changes = { ...changes, playing: null, sky: null }; // not the play's, said as now
  }
  if ("place" in changes) {
    const kind = changes.place?.zone ? "place" : store.state.clock.kind;
    changes = { ...changes, clock: clockFor(kind, changes.place) };
  }
  const before = store.state;
  const after = { ...before, ...changes };
  const date = after.time ? nightOf(after.time, after.place?.lon ?? 0) : null;
  const url = (make, q) => String(make(base, q));
  const newEvents = url(eventsUrl, query(after)) !== url(eventsUrl, query(before));
  const tonight = { date, plan: null, error: null };
  const newNight =
    url(tonightUrl, tonightQuery({ ...after, tonight })) !== url(tonightUrl, tonightQuery(before));
  const first = !eventsPoller.running; // the page's first question
  const newSky = url(planetsUrl, query(after)) !== url(planetsUrl, query(before));
  store.set({
    ...changes,
    ...(newSky ? { spans: [] } : {}),
    errors: { ...after.errors, form: null },
    ...(newEvents ? { events: null } : {}),
    ...(newNight || first ? { tonight } : {}),
  });
  if (newNight || first) {
    tonightPoller.repeat = after.time === null;
    tonightPoller.refresh();
  }
  if (newEvents || first) {
    eventsPoller.repeat = after.time === null; // a fixed moment's events never change
    eventsPoller.refresh(); // asked even while hidden: one request, then one per event
  }
  poller.repeat = after.time === null; // a fixed moment's sky never changes
  keepShowing(after.time === null && !document.hidden);
  if (document.hidden) poller.stop();
  else poller.refresh();
  remember(how);
}

// ---------------------------------------------------------------- the views

const sameObserver = (a, b) =>
  a.lat === b.lat && a.lon === b.lon && a.elevation_m === b.elevation_m;

// The sky's rows, with rise and set from the events answer when it is for the same place.
function drawTable({ sky, events, clock }) {
  if (!sky) return;
  const same = events && sameObserver(events.observer, sky.observer);
  const byName = new Map((same ? events.bodies : []).map((body) => [body.name, body]));
  renderTable(ui.rows, sky, byName, clock);
  ui.table.dataset.time = sky.time; // the instant the rows show
}

function drawChart({ sky, catalogue, catalogueError, widths }) {
  if (!sky) return;
  renderChart(ui.chart, sky, catalogue, widths.chart);
  const noStars = catalogueError ? ` (No stars: ${catalogueError}.)` : "";
  ui.chartText.textContent = describeSky(sky) + noStars;
}

function drawStatus({ sky, time, clock, locationNote, place, playing }) {
  if (!sky) return;
  let when = time ? `at ${clock.moment(sky.time)}` : `now (${clock.moment(sky.time)})`;
  if (playing) when = `at ${clock.moment(sky.time)}, playing at ${playing / 60} min a second`;
  const where = describeObserver(sky.observer);
  const named = place?.name ? `${place.name} (${where})` : where;
  ui.status.textContent = `${locationNote} Sky over ${named}, ${when}.`;
}

// The clock switch: the place's own clock offered when the place has a zone.
function drawClockChoice({ clock, place }) {
  ui.placeClock.hidden = !place?.zone;
  for (const radio of $$("[data-clock]")) radio.checked = radio.value === clock.kind;
  const name = place?.name?.split(",")[0];
  $("[data-place-clock-name]").textContent = place?.zone
    ? `${name ?? "the place"}'s clock (${place.zone})`
    : "";
  ui.clockNote.textContent = place?.zone
    ? `Times are in ${name ?? "the place"}'s own clock unless you choose another.`
    : "Times are your browser's clock or UTC: typed coordinates carry no time zone. Find a place by name for its own clock.";
  finder.showName(place?.name);
}

// The Time field shows the instant asked in the chosen clock; empty for now.
function drawTimeInput({ time, clock }) {
  ui.time.value = time ? clock.inputValue(time) : "";
}

function drawPlay({ playing }) {
  ui.play.textContent = playing ? "Stop" : "Play";
}

function drawLinkNote({ linkNote }) {
  ui.linkNote.hidden = !linkNote;
  ui.linkNote.textContent = linkNote ? `This link's ${linkNote}: left out.` : "";
}

// details.js is loaded on the first opening, not with the page.
let detailsModule = null;
async function drawDetails(state) {
  const { details, sky, events, tonight, clock } = state;
  const body = details && sky?.bodies.find((b) => b.name === details);
  if (!body) {
    if (ui.details.open) ui.details.close();
    return;
  }
  detailsModule ??= import("./details.js");
  const { renderDetails } = await detailsModule;
  if (store.state.details !== details) return; // closed meanwhile
  const same = events && sameObserver(events.observer, sky.observer);
  const entry = same ? events.bodies.find((b) => b.name === details) : null;
  renderDetails(ui.details, { body, events: entry, tonight, clock, today: sky.time });
  if (!ui.details.open) ui.details.showModal();
}

function drawClockNames({ sky, time, clock }) {
  const moment = sky?.time ?? time;
  for (const node of $$("[data-clock-name]")) node.textContent = clock.describe(moment);
  const local = new Clock();
  for (const node of $$("[data-clock-offset]")) node.textContent = local.name(moment);
}

function drawBanner({ outage, sky, clock }) {
  ui.banner.hidden = !outage;
  ui.table.toggleAttribute("data-stale", Boolean(outage && sky));
  if (!outage) {
    ui.banner.textContent = "";
    return;
  }
  const seconds = Math.round(outage.retryIn / 1000);
  const kept = sky ? ` Showing the sky from ${clock.moment(sky.time)}.` : "";
  const why = outage.error.message;
  const retry = `Retrying in ${seconds} s.`;
  ui.banner.textContent = `The PlanetTracker API is not answering (${why}).${kept} ${retry}`;
}

function drawTonight({ tonight, clock, widths }) {
  renderTonight(ui.tonight, tonight, clock, widths.curves);
}

function drawErrors({ errors }) {
  const inputs = { ...ui.inputs, time: ui.time };
  for (const [name, input] of Object.entries(inputs)) {
    input.setAttribute("aria-invalid", String(Boolean(errors[name])));
  }
  for (const name of [...Object.keys(inputs), "form"]) {
    $(`[data-error="${name}"]`).textContent = errors[name] ?? "";
  }
}

// The Time field's own limits, in the clock it is read in.
function drawTimeLimits({ clock }) {
  ui.time.min = clock.inputValue(LIMITS.time.min);
  ui.time.max = clock.inputValue(LIMITS.time.max);
}

// Said once when something that matters changes: bodies that rose or set since the last
// answer for the same place while showing now, and the API going down or coming back.
function announce(state, before) {
  const words = [];
  if (state.outage && !before.outage) {
    const kept = state.sky ? ` Showing the sky from ${state.clock.moment(state.sky.time)}.` : "";
    words.push(`The PlanetTracker API is not answering.${kept}`);
  }
  if (!state.outage && before.outage) words.push("The PlanetTracker API is answering again.");
  const [sky, last] = [state.sky, before.sky];
  const live = state.time === null && before.time === null && !state.playing;
  if (sky !== last && sky && last && live) {
    const up = new Map(last.bodies.map((b) => [b.name, b.above_horizon]));
    if (sameObserver(sky.observer, last.observer)) {
      for (const body of sky.bodies.filter((b) => up.get(b.name) !== b.above_horizon)) {
        words.push(`${bodyName(body.name)} has ${body.above_horizon ? "risen" : "set"}.`);
      }
    }
  }
  if (words.length) ui.announce.textContent = words.join(" ");
}

// Each view with the parts of the state it shows, in the order they are drawn.
const VIEWS = [
  [drawTable, ["sky", "events", "clock"]],
  [drawChart, ["sky", "catalogue", "catalogueError", "widths"]],
  [drawClockNames, ["sky", "time", "clock"]],
  [drawBanner, ["outage", "sky", "clock"]],
  [drawStatus, ["sky", "time", "clock", "locationNote", "place", "playing"]],
  [drawPlay, ["playing"]],
  [drawClockChoice, ["clock", "place"]],
  [drawTimeInput, ["time", "clock"]],
  [drawLinkNote, ["linkNote"]],
  [drawDetails, ["details", "sky", "events", "tonight", "clock"]],
  [drawTonight, ["tonight", "clock", "widths"]],
  [drawErrors, ["errors"]],
  [drawTimeLimits, ["clock"]],
];

function draw(state, before) {
  for (const [view, keys] of VIEWS) {
    if (keys.some((key) => state[key] !== before[key])) view(state);
  }
  announce(state, before);
}

store.addEventListener("change", ({ detail: { state, before } }) => draw(state, before));

// ---------------------------------------------------------------- the inputs

// The field's number, null when empty, or an error saying what is wrong.
function readField(name) {
  const { min, max } = LIMITS[name];
  const { label, unit } = FIELDS[name];
  const typed = ui.inputs[name].value.trim();
  // A decimal comma ("48,85", as comma-decimal keyboards type it) is read as a point,
  // except where it could as well separate thousands ("1,200" metres).
  const ambiguous = /^[+-]?\d{1,3},\d{3}$/.test(typed) && max > 1000;
  const text = ambiguous ? typed : typed.replace(/^([+-]?\d*),(\d+)$/, "$1.$2");
  if (text === "") return { value: null };
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (Number.isFinite(value) && value >= min && value <= max) return { value };
  const error = `${label} must be a number from ${min} to ${max}${unit}.`;
  if (!ambiguous) return { error };
  // Never "1.200": where the point separates thousands, that reads as 1200, not 1.2.
  const [whole, fraction] = typed.split(",");
  const [plain, decimal] = [whole + fraction, `${whole}.${fraction.replace(/0+$/, "") || "0"}`];
  return {
    error: `Write ${plain} for ${plain}${unit} or ${decimal} for ${decimal}${unit}: ${error}`,
  };
}

// The place typed, null for none, and what is wrong with each field.
function placeFromInputs() {
  const read = Object.fromEntries(Object.keys(FIELDS).map((name) => [name, readField(name)]));
  const errors = Object.fromEntries(
    Object.entries(read)
      .filter(([, r]) => r.error)
      .map(([name, r]) => [name, r.error]),
  );
  const { lat, lon, elevation } = read;
  if (!errors.lat && !errors.lon && (lat.value === null) !== (lon.value === null)) {
    errors[lat.value === null ? "lat" : "lon"] = "Give latitude and longitude together.";
  }
  if (Object.keys(errors).length) return { errors };
  if (lat.value === null) return { errors, place: null };
  return { errors, place: { lat: lat.value, lon: lon.value, elevation: elevation.value ?? 0 } };
}

let typingTimer = null;
ui.form.addEventListener("input", (event) => {
  const notPlace = [ui.time, ui.search.input, ui.playRate];
  if (notPlace.includes(event.target) || event.target.name === "clock") return;
  clearTimeout(typingTimer);
  // As in the tutorial: update once the user has stopped typing for half a second.
  typingTimer = setTimeout(() => {
    const { errors, place } = placeFromInputs();
    const placeErrors = { lat: errors.lat, lon: errors.lon, elevation: errors.elevation };
    const all = { ...store.state.errors, ...placeErrors };
    if (place === undefined) return store.set({ errors: all });
    const locationNote = place ? "Typed location." : `No location typed: ${GREENWICH_NOTE}.`;
    ask({ place, locationNote, errors: all }, "replace");
  }, 500);
});
ui.form.addEventListener("submit", (event) => event.preventDefault());

const withoutPlace = (errors) => ({ ...errors, lat: null, lon: null, elevation: null });

function fillInputs(place) {
  for (const name of Object.keys(FIELDS)) ui.inputs[name].value = place ? String(place[name]) : "";
}

function fallBack(locationNote) {
  fillInputs(null);
  ask({ place: null, locationNote, errors: withoutPlace(store.state.errors) }, "replace");
}

const GEO_ERRORS = { 1: "permission denied", 2: "position unavailable", 3: "timed out" };
const unavailable = (reason) => `Location unavailable (${reason}): ${GREENWICH_NOTE}.`;

// how: "replace" when the page locates itself at load, "push" when asked to.
function locate(how = "push") {
  if (!window.isSecureContext) {
    return fallBack(unavailable("this page is not in a secure context"));
  }
  if (!("geolocation" in navigator))
    return fallBack(unavailable("this browser has no geolocation"));
  ui.status.textContent = "Finding your location…";
  navigator.geolocation.getCurrentPosition(
    ({ coords }) => {
      // Five decimals is about a metre: more only makes every request unique.
      const place = {
        lat: Number(coords.latitude.toFixed(5)),
        lon: Number(coords.longitude.toFixed(5)),
        elevation: Math.round(coords.altitude ?? 0),
      };
      fillInputs(place);
      const errors = withoutPlace(store.state.errors);
      ask({ place, locationNote: "Your location.", errors }, how);
    },
    (error) => fallBack(unavailable(GEO_ERRORS[error.code] ?? "unknown error")),
    { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
  );
}

// At load the page asks for the location only if it was granted before: a prompt
// nobody asked for is left to the "Use my location" button.
async function start() {
  const link = readLink(location.search);
  if (link.notes.length) store.set({ linkNote: link.notes.join("; ") });
  if (link.place) return openLink(link, "replace");
  if (link.time) store.set({ time: link.time }); // asked with the place, once it is known
  let permission = "prompt";
  try {
    permission = (await navigator.permissions?.query({ name: "geolocation" }))?.state ?? "prompt";
  } catch {
    permission = "prompt";
  }
  if (permission === "granted") return locate("replace");
  if (permission === "denied") return fallBack(unavailable("permission denied"));
  fallBack(`Showing the Greenwich Observatory: choose "Use my location" or type a place.`);
}

ui.useLocation.addEventListener("click", () => locate());

// The place and time of a link (at load, or Back and Forward through the page's history).
function openLink({ place, time }, how) {
  fillInputs(place);
  const locationNote = place ? "Place from the link." : `${capital(GREENWICH_NOTE)}.`;
  ask({ place, time, locationNote, errors: withoutPlace(store.state.errors) }, how);
}
window.addEventListener("popstate", () => {
  const link = readLink(location.search);
  store.set({ linkNote: link.notes.length ? link.notes.join("; ") : null });
  openLink(link, "none");
});

const finder = new PlaceFinder(
  ui.search,
  (found) => {
    const place = {
      lat: found.lat_deg,
      lon: found.lon_deg,
      elevation: found.elevation_m ?? 0,
      name: placeLabel(found),
      zone: found.zone,
    };
    fillInputs(place);
    ask({ place, locationNote: "Found by name.", errors: withoutPlace(store.state.errors) });
  },
  say,
);

function say(words) {
  ui.announce.textContent = words;
}

ui.share.addEventListener("click", async () => {
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    ui.shareLink.hidden = true;
    ui.shareNote.textContent = "Link copied.";
    say("Link copied.");
  } catch {
    // No clipboard (an insecure page, or refused): the link, selected, to copy by hand.
    ui.shareLink.hidden = false;
    ui.shareLink.value = link;
    ui.shareLink.focus();
    ui.shareLink.select();
    ui.shareNote.textContent = "Copy this link (Ctrl+C or ⌘C):";
  }
});

// Details on a click or tap of a body's row or mark, or Enter or Space on its row.
ui.rows.addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-body]");
  if (row) store.set({ details: row.dataset.body });
});
ui.rows.addEventListener("keydown", (event) => {
  const row = event.target.closest("tr[data-body]");
  if (!row || (event.key !== "Enter" && event.key !== " ")) return;
  event.preventDefault();
  store.set({ details: row.dataset.body });
});
ui.chart.addEventListener("click", (event) => {
  const mark = event.target.closest("[data-marks] [data-body]");
  if (mark) store.set({ details: mark.dataset.body });
});
ui.details.addEventListener("close", () => store.set({ details: null }));

ui.time.addEventListener("change", () => {
  if (!ui.time.value) return ui.now.click();
  // datetime-local is a wall clock: the chosen one (the place's, the viewer's or UTC).
  const { clock, errors } = store.state;
  const time = clock.fromInput(ui.time.value);
  const { min, max } = LIMITS.time;
  const ms = Date.parse(time);
  if (time === null || ms < Date.parse(min) || ms > Date.parse(max)) {
    const error = `Time must be from ${clock.moment(min)} to ${clock.moment(max)}.`;
    return store.set({ errors: { ...errors, time: error } });
  }
  ask({ time, errors: { ...errors, time: null } });
});

ui.now.addEventListener("click", () => {
  ask({ time: null, errors: { ...store.state.errors, time: null } });
});

for (const radio of $$("[data-clock]")) {
  radio.addEventListener("change", () => {
    store.set({ clock: clockFor($("[data-clock]:checked").value, store.state.place) });
  });
}

// The sky in motion from the instant shown; Stop, like Now, returns to the present.
// play.js is loaded on the first Play, not with the page.
let player = null;
async function play(from, rate) {
  const { PLAY_SPAN_S, PLAY_STEP_S, Player } = await import("./play.js");
  player ??= new Player(
    (first, signal) => {
      const where = sharedPlace(store.state.place);
      const span = { start: first, span: PLAY_SPAN_S, step: PLAY_STEP_S };
      return fetchJson(skyUrl(base, { ...where, ...span }), signal);
    },
    (sky) => store.set({ sky }),
    (error) => {
      ask({ time: null });
      const form = `The play stopped: ${error.message}.`;
      store.set({ errors: { ...store.state.errors, form } });
    },
  );
  if (store.state.playing === rate) player.start(from, rate); // unless stopped meanwhile
}
ui.play.addEventListener("click", () => {
  if (store.state.playing) return ask({ time: null });
  const rate = Number(ui.playRate.value);
  const from = Date.parse(store.state.sky?.time ?? new Date().toISOString());
  poller.stop();
  keepShowing(false);
  store.set({ playing: rate, details: null });
  play(from, rate);
});
ui.playRate.addEventListener("change", () => {
  if (!store.state.playing) return;
  const rate = Number(ui.playRate.value);
  store.set({ playing: rate });
  play(Date.parse(store.state.sky.time), rate);
});

document.addEventListener("visibilitychange", () => {
  if (store.state.playing) return; // the play's own timer runs on, as slowly as the tab
  keepShowing(!document.hidden && store.state.time === null);
  if (document.hidden) return poller.stop();
  showNow();
  poller.start();
});

const resized = new ResizeObserver(() => {
  const widths = { chart: widthOf(ui.chart), curves: widthOf(ui.tonight.curves) };
  const last = store.state.widths;
  if (widths.chart !== last.chart || widths.curves !== last.curves) store.set({ widths });
});
resized.observe(ui.chart);
resized.observe(ui.tonight.curves);

// The controls start open where there is room beside the chart.
ui.controls.open = window.matchMedia("(min-width: 60rem)").matches;

async function loadCatalogue() {
  try {
    const response = await fetch(new URL("data/sky.json", document.baseURI));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    store.set({ catalogue: await response.json() });
  } catch (error) {
    store.set({ catalogueError: `the star catalogue did not load (${error.message})` });
  }
}

async function runPerformance(n) {
  ui.perfResult.textContent = `Running ${n} requests…`;
  const result = await testPerformance(planetsUrl(base, query(store.state)), n);
  ui.perfResult.textContent =
    `${result.ok} of ${result.n} requests answered in ${result.ms.toFixed(0)} ms ` +
    `(${result.perSecond.toFixed(1)} per second).`;
  return result;
}

ui.perfForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const n = Math.min(Math.max(Number(ui.perfForm.elements.n.value) || 1, 1), 1000);
  runPerformance(n);
});
// The tutorial's console helper survives: testPerformance(100) in the console.
window.testPerformance = runPerformance;

draw(store.state, {});
loadCatalogue();
start();

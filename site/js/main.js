// Wires the page: the inputs and the pollers change one store; every change is drawn
// once, each view redrawing only when a value it shows has changed.
import {
  apiBase,
  eventsUrl,
  fetchJson,
  LIMITS,
  nightOf,
  planetsUrl,
  testPerformance,
  tonightUrl,
} from "./api.js";
import { describeSky, renderChart } from "./chart.js";
import { Clock } from "./clock.js";
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

// <meta name="poll-interval">: ms between two asks for "now"; 2000 as the tutorial had.
function pollInterval() {
  const configured = Number($('meta[name="poll-interval"]')?.content);
  return Number.isFinite(configured) && configured >= 500 ? configured : 2000;
}

const store = new Store({
  place: null, // {lat, lon, elevation}; null: the API's default, Greenwich
  time: null, // ISO string; null: now
  locationNote: "Finding your location…",
  clock: new Clock(),
  sky: null, // the last /planets answer
  outage: null, // {error, retryIn} while /planets fails
  events: null, // the /events answer for the place and time asked, null until it comes
  tonight: { date: null, plan: null, error: null }, // date: null for the night in progress
  catalogue: null, // data/sky.json: stars and constellation figures
  catalogueError: null,
  errors: {}, // field name (or "form") -> what is wrong with what was typed there
  // The drawings' laid-out widths, CSS pixels: they are drawn to size, so text keeps its size.
  widths: { chart: widthOf(ui.chart), curves: widthOf(ui.tonight.curves) },
});
const base = apiBase();

const query = (state) => ({ ...(state.place ?? {}), time: state.time });
const tonightQuery = (state) => ({ ...(state.place ?? {}), date: state.tonight.date });

// Each poller asks the question the state holds when its request starts.
const poller = new Poller((signal) => fetchJson(planetsUrl(base, query(store.state)), signal), {
  period: pollInterval(),
});
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

poller.addEventListener("data", ({ detail: sky }) => store.set({ sky, outage: null }));
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

// A new place or time: the answers that no longer apply go, and each poller whose
// question changed asks again (the sky's always, as the tutorial did).
function ask(changes) {
  const before = store.state;
  const after = { ...before, ...changes };
  const date = after.time ? nightOf(after.time, after.place?.lon ?? 0) : null;
  const url = (make, q) => String(make(base, q));
  const newEvents = url(eventsUrl, query(after)) !== url(eventsUrl, query(before));
  const tonight = { date, plan: null, error: null };
  const newNight =
    url(tonightUrl, tonightQuery({ ...after, tonight })) !== url(tonightUrl, tonightQuery(before));
  const first = !eventsPoller.running; // the page's first question
  store.set({
    ...changes,
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
  if (document.hidden) poller.stop();
  else poller.refresh();
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
}

function drawChart({ sky, catalogue, catalogueError, widths }) {
  if (!sky) return;
  renderChart(ui.chart, sky, catalogue, widths.chart);
  const noStars = catalogueError ? ` (No stars: ${catalogueError}.)` : "";
  ui.chartText.textContent = describeSky(sky) + noStars;
}

function drawStatus({ sky, time, clock, locationNote }) {
  if (!sky) return;
  const when = time ? `at ${clock.moment(sky.time)}` : `now (${clock.moment(sky.time)})`;
  ui.status.textContent = `${locationNote} Sky over ${describeObserver(sky.observer)}, ${when}.`;
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
  if (sky !== last && sky && last && state.time === null && before.time === null) {
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
  [drawStatus, ["sky", "time", "clock", "locationNote"]],
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
  if (event.target === ui.time || event.target.name === "clock") return;
  clearTimeout(typingTimer);
  // As in the tutorial: update once the user has stopped typing for half a second.
  typingTimer = setTimeout(() => {
    const { errors, place } = placeFromInputs();
    const placeErrors = { lat: errors.lat, lon: errors.lon, elevation: errors.elevation };
    const all = { ...store.state.errors, ...placeErrors };
    if (place === undefined) return store.set({ errors: all });
    const locationNote = place ? "Typed location." : `No location typed: ${GREENWICH_NOTE}.`;
    ask({ place, locationNote, errors: all });
  }, 500);
});
ui.form.addEventListener("submit", (event) => event.preventDefault());

const withoutPlace = (errors) => ({ ...errors, lat: null, lon: null, elevation: null });

function fillInputs(place) {
  for (const name of Object.keys(FIELDS)) ui.inputs[name].value = place ? String(place[name]) : "";
}

function fallBack(locationNote) {
  fillInputs(null);
  ask({ place: null, locationNote, errors: withoutPlace(store.state.errors) });
}

const GEO_ERRORS = { 1: "permission denied", 2: "position unavailable", 3: "timed out" };
const unavailable = (reason) => `Location unavailable (${reason}): ${GREENWICH_NOTE}.`;

function locate() {
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
      ask({ place, locationNote: "Your location.", errors: withoutPlace(store.state.errors) });
    },
    (error) => fallBack(unavailable(GEO_ERRORS[error.code] ?? "unknown error")),
    { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
  );
}

// At load the page asks for the location only if it was granted before: a prompt
// nobody asked for is left to the "Use my location" button.
async function start() {
  let permission = "prompt";
  try {
    permission = (await navigator.permissions?.query({ name: "geolocation" }))?.state ?? "prompt";
  } catch {
    permission = "prompt";
  }
  if (permission === "granted") return locate();
  if (permission === "denied") return fallBack(unavailable("permission denied"));
  fallBack(`Showing the Greenwich Observatory: choose "Use my location" or type a place.`);
}

ui.useLocation.addEventListener("click", locate);

ui.time.addEventListener("change", () => {
  if (!ui.time.value) return ui.now.click();
  // datetime-local is a wall clock: the chosen one (the viewer's or UTC).
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
  ui.time.value = "";
  ask({ time: null, errors: { ...store.state.errors, time: null } });
});

for (const radio of $$("[data-clock]")) {
  radio.addEventListener("change", () => {
    const clock = new Clock($("[data-clock]:checked").value === "utc");
    const shown = store.state.time;
    if (shown) ui.time.value = clock.inputValue(shown); // the same instant, in the other clock
    store.set({ clock });
  });
}

document.addEventListener("visibilitychange", () => {
  if (document.hidden) poller.stop();
  else poller.start();
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

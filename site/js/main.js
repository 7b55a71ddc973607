// Wires the page: location and time inputs -> state -> poller -> rendering.
import { apiBase, eventsUrl, fetchJson, nightOf, planetsUrl, testPerformance, tonightUrl } from "./api.js";
import { Clock } from "./clock.js";
import { Poller, untilEarliestEvent } from "./poller.js";
import { bodyName, describeObserver, describeSky, renderChart, renderCurves, renderTable, renderTonight } from "./render.js";

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
  tonightHeading: $("[data-tonight-heading]"),
  tonightNote: $("[data-tonight-note]"),
  tonightList: $("[data-tonight-list]"),
  curves: $("[data-curves-chart]"),
  perfResult: $("[data-perf-result]"),
};

// The same ranges the API enforces; an invalid value is flagged here and never sent.
const LIMITS = {
  lat: { min: -90, max: 90, label: "Latitude", unit: "°" },
  lon: { min: -180, max: 180, label: "Longitude", unit: "°" },
  elevation: { min: -500, max: 20000, label: "Elevation", unit: " m" },
};
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const GREENWICH_NOTE = "showing the Greenwich Observatory";

// <meta name="poll-interval">: ms between two asks for "now"; 2000 as the tutorial had.
function pollInterval() {
  const configured = Number($('meta[name="poll-interval"]')?.content);
  return Number.isFinite(configured) && configured >= 500 ? configured : 2000;
}

const state = {
  place: null, // {lat, lon, elevation}; null: the API's default, Greenwich
  time: null, // ISO string; null: now
  locationNote: "Finding your location…",
  lastGood: null, // the last /planets answer
  eventsFor: null, // the /events URL asked for the place and time shown
  events: null, // its answer
  catalogue: null, // data/sky.json: stars and constellation figures
  catalogueError: null,
  plan: null, // the last /tonight answer shown
  down: false, // the API is failing
};
const base = apiBase();
const clock = new Clock();

function currentUrl() {
  return planetsUrl(base, { ...(state.place ?? {}), time: state.time });
}

const poller = new Poller((signal) => fetchJson(currentUrl(), signal), { period: pollInterval() });

// Rise, transit and set: asked once per place and time, and for "now" again only once
// the earliest next event in the answer has passed, never at every refresh of the sky.
const eventsPoller = new Poller((signal) => fetchJson(state.eventsFor, signal), {
  nextDelay: untilEarliestEvent,
});

function loadEvents() {
  const url = String(eventsUrl(base, { ...(state.place ?? {}), time: state.time }));
  if (url === state.eventsFor) return;
  state.eventsFor = url;
  state.events = null; // another place or moment: the old times no longer apply
  eventsPoller.repeat = state.time === null; // a fixed moment's events never change
  eventsPoller.refresh();
  showTable();
}

const sameObserver = (a, b) => a.lat === b.lat && a.lon === b.lon && a.elevation_m === b.elevation_m;

// The sky's rows, with rise and set from the events answer when it is for the same place.
function showTable() {
  const sky = state.lastGood;
  if (!sky) return;
  const events = state.events && sameObserver(state.events.observer, sky.observer) ? state.events.bodies : [];
  renderTable(ui.rows, sky.bodies, new Map(events.map((body) => [body.name, body])), clock);
}

eventsPoller.addEventListener("data", ({ detail: answer }) => {
  state.events = answer;
  showTable();
});

// Tonight's plan: for "now", the API's night ahead; for a chosen moment, that moment's
// night. Asked once per place and date, not at every refresh.
let tonightFor = null;
let tonightRequest = null;
async function loadTonight() {
  const date = state.time ? nightOf(state.time, state.place?.lon ?? 0) : null;
  const url = String(tonightUrl(base, { ...(state.place ?? {}), date }));
  if (url === tonightFor) return;
  tonightFor = url;
  tonightRequest?.abort();
  const request = new AbortController();
  tonightRequest = request;
  ui.tonightHeading.textContent = date ? `The night of ${nightName(date)}` : "Tonight";
  try {
    state.plan = await fetchJson(url, request.signal);
    showTonight();
  } catch (error) {
    if (error.name === "AbortError" || request.signal.aborted) return;
    tonightFor = null; // ask again next time
    ui.tonightNote.textContent = `Tonight's plan is not available (${error.message}).`;
  }
}

function nightName(date) {
  const evening = new Date(`${date}T12:00:00Z`);
  const morning = new Date(evening.getTime() + 86400000);
  const day = (d, options) => d.toLocaleDateString(undefined, { timeZone: "UTC", ...options });
  const first = evening.getUTCMonth() === morning.getUTCMonth() ? { day: "numeric" } : { day: "numeric", month: "long" };
  return `${day(evening, first)}–${day(morning, { day: "numeric", month: "long", year: "numeric" })}`;
}

function showTonight() {
  if (state.plan) renderTonight(ui, state.plan, clock);
}

function showStatus(sky) {
  const when = state.time ? `at ${clock.moment(sky.time)}` : `now (${clock.moment(sky.time)})`;
  ui.status.textContent = `${state.locationNote} Sky over ${describeObserver(sky.observer)}, ${when}.`;
}

function showClockNames() {
  const moment = state.lastGood?.time ?? state.time;
  for (const node of $$("[data-clock-name]")) node.textContent = clock.describe(moment);
  const local = new Clock();
  for (const node of $$("[data-clock-offset]")) node.textContent = local.name(moment);
}

function showChart() {
  const sky = state.lastGood;
  if (!sky) return;
  renderChart(ui.chart, sky, state.catalogue);
  ui.chartText.textContent = describeSky(sky) + (state.catalogueError ? ` (No stars: ${state.catalogueError}.)` : "");
}

function say(words) {
  ui.announce.textContent = words;
}

// Bodies that rose or set since the last answer for the same place, while showing now.
let lastUp = null;
function announceRisings(sky) {
  const key = `${sky.observer.lat},${sky.observer.lon},${state.time}`;
  const up = new Map(sky.bodies.map((b) => [b.name, b.above_horizon]));
  if (state.time === null && lastUp?.key === key) {
    const changes = sky.bodies
      .filter((b) => lastUp.up.get(b.name) !== b.above_horizon)
      .map((b) => `${bodyName(b.name)} has ${b.above_horizon ? "risen" : "set"}.`);
    if (changes.length) say(changes.join(" "));
  }
  lastUp = { key, up };
}

poller.addEventListener("data", ({ detail: sky }) => {
  state.lastGood = sky;
  announceRisings(sky);
  showTable();
  showChart();
  showClockNames();
  ui.table.removeAttribute("data-stale");
  ui.banner.hidden = true;
  ui.banner.textContent = "";
  if (state.down) say("The PlanetTracker API is answering again.");
  state.down = false;
  showStatus(sky);
});

poller.addEventListener("failure", ({ detail }) => {
  const seconds = Math.round(detail.retryIn / 1000);
  const kept = state.lastGood ? ` Showing the sky from ${clock.moment(state.lastGood.time)}.` : "";
  ui.banner.textContent = `The PlanetTracker API is not answering (${detail.error.message}).${kept} Retrying in ${seconds} s.`;
  ui.banner.hidden = false;
  if (!state.down) say(`The PlanetTracker API is not answering.${kept}`);
  state.down = true;
  if (state.lastGood) ui.table.setAttribute("data-stale", "");
});

function ask() {
  loadTonight();
  loadEvents(); // asked even while hidden: one request, then one per event
  poller.repeat = state.time === null; // a fixed moment's sky never changes
  if (document.hidden) poller.stop();
  else poller.refresh();
}

// Returns the field's number, null when empty, or undefined when invalid (and says why).
function readField(name) {
  const input = ui.inputs[name];
  const error = $(`[data-error="${name}"]`);
  const { min, max, label, unit } = LIMITS[name];
  const typed = input.value.trim();
  // A decimal comma ("48,85", as comma-decimal keyboards type it) is read as a point,
  // except where it could as well separate thousands ("1,200" metres).
  const ambiguous = /^[+-]?\d{1,3},\d{3}$/.test(typed) && max > 1000;
  const text = ambiguous ? typed : typed.replace(/^([+-]?\d*),(\d+)$/, "$1.$2");
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  const ok = text === "" || (Number.isFinite(value) && value >= min && value <= max);
  input.setAttribute("aria-invalid", String(!ok));
  const how = ambiguous ? `Write ${typed.replace(",", "")} or ${typed.replace(",", ".")}: ` : "";
  error.textContent = ok ? "" : `${how}${label} must be a number from ${min} to ${max}${unit}.`;
  if (!ok) return undefined;
  return text === "" ? null : value;
}

function placeFromInputs() {
  const lat = readField("lat");
  const lon = readField("lon");
  const elevation = readField("elevation");
  if ([lat, lon, elevation].includes(undefined)) return undefined;
  if (lat === null && lon === null) return null;
  if (lat === null || lon === null) {
    const missing = lat === null ? "lat" : "lon";
    ui.inputs[missing].setAttribute("aria-invalid", "true");
    $(`[data-error="${missing}"]`).textContent = "Give latitude and longitude together.";
    return undefined;
  }
  return { lat, lon, elevation: elevation ?? 0 };
}

let typingTimer = null;
ui.form.addEventListener("input", (event) => {
  if (event.target === ui.time || event.target.name === "clock") return;
  clearTimeout(typingTimer);
  // As in the tutorial: update once the user has stopped typing for half a second.
  typingTimer = setTimeout(() => {
    const place = placeFromInputs();
    if (place === undefined) return;
    state.place = place;
    state.locationNote = place ? "Typed location." : `No location typed: ${GREENWICH_NOTE}.`;
    ask();
  }, 500);
});
ui.form.addEventListener("submit", (event) => event.preventDefault());

function fillInputs(place) {
  for (const name of Object.keys(LIMITS)) {
    ui.inputs[name].value = place ? String(place[name]) : "";
    ui.inputs[name].setAttribute("aria-invalid", "false");
    $(`[data-error="${name}"]`).textContent = "";
  }
}

function fallBack(note) {
  state.place = null;
  state.locationNote = note;
  fillInputs(null);
  ask();
}

const GEO_ERRORS = { 1: "permission denied", 2: "position unavailable", 3: "timed out" };
const unavailable = (reason) => `Location unavailable (${reason}): ${GREENWICH_NOTE}.`;

function locate() {
  if (!window.isSecureContext) return fallBack(unavailable("this page is not in a secure context"));
  if (!("geolocation" in navigator)) return fallBack(unavailable("this browser has no geolocation"));
  ui.status.textContent = "Finding your location…";
  navigator.geolocation.getCurrentPosition(
    ({ coords }) => {
      // Five decimals is about a metre: more only makes every request unique.
      const place = {
        lat: Number(coords.latitude.toFixed(5)),
        lon: Number(coords.longitude.toFixed(5)),
        elevation: Math.round(coords.altitude ?? 0),
      };
      state.place = place;
      state.locationNote = "Your location.";
      fillInputs(place);
      ask();
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
  state.time = clock.fromInput(ui.time.value);
  ask();
});

ui.now.addEventListener("click", () => {
  ui.time.value = "";
  state.time = null;
  ask();
});

for (const radio of $$("[data-clock]")) {
  radio.addEventListener("change", () => {
    const shown = state.time;
    clock.utc = $("[data-clock]:checked").value === "utc";
    if (shown) ui.time.value = clock.inputValue(shown); // the same instant, in the other clock
  });
}

clock.addEventListener("change", () => {
  showClockNames();
  showTable();
  showTonight();
  if (state.lastGood) showStatus(state.lastGood);
});

document.addEventListener("visibilitychange", () => {
  if (document.hidden) poller.stop();
  else poller.start();
});

// The charts are drawn in CSS pixels, so text keeps its size: redraw when they resize.
let lastWidths = [0, 0];
const resized = new ResizeObserver(() => {
  const widths = [ui.chart.clientWidth, ui.curves.clientWidth];
  if (widths[0] !== lastWidths[0]) showChart();
  if (widths[1] !== lastWidths[1] && state.plan) renderCurves(ui.curves, state.plan, clock);
  lastWidths = widths;
});
resized.observe(ui.chart);
resized.observe(ui.curves);

// The controls start open where there is room beside the chart.
ui.controls.open = window.matchMedia("(min-width: 60rem)").matches;

async function loadCatalogue() {
  try {
    const response = await fetch(new URL("data/sky.json", document.baseURI));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    state.catalogue = await response.json();
    showChart();
  } catch (error) {
    state.catalogueError = `the star catalogue did not load (${error.message})`;
    showChart();
  }
}

async function runPerformance(n) {
  ui.perfResult.textContent = `Running ${n} requests…`;
  const result = await testPerformance(currentUrl(), n);
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

showClockNames();
loadCatalogue();
start();

// Wires the page: location and time inputs -> state -> poller -> rendering.
import { apiBase, eventsUrl, fetchJson, planetsUrl, testPerformance, tonightUrl } from "./api.js";
import { Poller, untilEarliestEvent } from "./poller.js";
import { describeObserver, formatTime, renderChart, renderTable, renderTonight } from "./render.js";

const $ = (selector) => document.querySelector(selector);
const ui = {
  form: $("[data-location-form]"),
  inputs: {
    lat: $('[data-field-input="lat"]'),
    lon: $('[data-field-input="lon"]'),
    elevation: $('[data-field-input="elevation"]'),
  },
  time: $("[data-time-input]"),
  useLocation: $("[data-use-location]"),
  now: $("[data-now]"),
  status: $("[data-status]"),
  banner: $("[data-banner]"),
  table: $("[data-table]"),
  rows: $("[data-rows]"),
  marks: $("[data-marks]"),
  perfForm: $("[data-perf-form]"),
  tonightNote: $("[data-tonight-note]"),
  tonightList: $("[data-tonight-list]"),
  curves: $("[data-curves]"),
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

const state = {
  place: null, // {lat, lon, elevation}; null: the API's default, Greenwich
  time: null, // ISO string; null: now
  locationNote: "Finding your location…",
  lastGood: null, // the last /planets answer
  eventsFor: null, // the /events URL asked for the place and time shown
  events: null, // its answer
};
const base = apiBase();

function currentUrl() {
  return planetsUrl(base, { ...(state.place ?? {}), time: state.time });
}

const poller = new Poller((signal) => fetchJson(currentUrl(), signal));

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
  renderTable(ui.rows, sky.bodies, new Map(events.map((body) => [body.name, body])));
}

eventsPoller.addEventListener("data", ({ detail: answer }) => {
  state.events = answer;
  showTable();
});

// Tonight's plan depends on the place only: asked once per place, not every refresh.
let tonightFor = null;
let tonightRequest = null;
async function loadTonight() {
  const url = String(tonightUrl(base, state.place ?? {}));
  if (url === tonightFor) return;
  tonightFor = url;
  tonightRequest?.abort();
  tonightRequest = new AbortController();
  try {
    renderTonight(ui.tonightList, ui.curves, ui.tonightNote, await fetchJson(url, tonightRequest.signal));
  } catch (error) {
    if (error.name === "AbortError" || tonightRequest.signal.aborted) return;
    tonightFor = null; // ask again next time
    ui.tonightNote.textContent = `Tonight's plan is not available (${error.message}).`;
  }
}

function showStatus(sky) {
  const when = state.time ? `at ${formatTime(sky.time)}` : `now (${formatTime(sky.time)})`;
  ui.status.textContent = `${state.locationNote} Sky over ${describeObserver(sky.observer)}, ${when}.`;
}

poller.addEventListener("data", ({ detail: sky }) => {
  state.lastGood = sky;
  showTable();
  renderChart(ui.marks, sky.bodies);
  ui.table.removeAttribute("data-stale");
  ui.banner.hidden = true;
  ui.banner.textContent = "";
  showStatus(sky);
});

poller.addEventListener("failure", ({ detail }) => {
  const seconds = Math.round(detail.retryIn / 1000);
  const kept = state.lastGood ? ` Showing the sky from ${formatTime(state.lastGood.time)}.` : "";
  ui.banner.textContent = `The PlanetTracker API is not answering (${detail.error.message}).${kept} Retrying in ${seconds} s.`;
  ui.banner.hidden = false;
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
  const text = input.value.trim();
  const { min, max, label, unit } = LIMITS[name];
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  const ok = text === "" || (Number.isFinite(value) && value >= min && value <= max);
  input.setAttribute("aria-invalid", String(!ok));
  error.textContent = ok ? "" : `${label} must be a number from ${min} to ${max}${unit}.`;
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
  if (event.target === ui.time) return;
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

function fallBack(reason) {
  state.place = null;
  state.locationNote = `Location unavailable (${reason}): ${GREENWICH_NOTE}.`;
  fillInputs(null);
  ask();
}

const GEO_ERRORS = { 1: "permission denied", 2: "position unavailable", 3: "timed out" };

function locate() {
  if (!window.isSecureContext) return fallBack("this page is not in a secure context");
  if (!("geolocation" in navigator)) return fallBack("this browser has no geolocation");
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
    (error) => fallBack(GEO_ERRORS[error.code] ?? "unknown error"),
    { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
  );
}

ui.useLocation.addEventListener("click", locate);

ui.time.addEventListener("change", () => {
  if (!ui.time.value) return ui.now.click();
  // datetime-local is the user's wall clock; the API wants an instant with an offset.
  state.time = new Date(ui.time.value).toISOString();
  ask();
});

ui.now.addEventListener("click", () => {
  ui.time.value = "";
  state.time = null;
  ask();
});

document.addEventListener("visibilitychange", () => {
  if (document.hidden) poller.stop();
  else poller.start();
});

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

locate();

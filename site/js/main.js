// Wires the page: one store, and the modules that change it or draw it. Each subscribes
// to the store and redraws only when a value it shows has changed.
import { apiBase, planetsUrl, testPerformance } from "./api.js";
import { Clock } from "./clock.js";
import { wireFields } from "./fields.js";
import { followLinks, remember, wireShare } from "./link.js";
import { query, refreshSky, wirePlay } from "./refresh.js";
import { showStatus } from "./status.js";
import { Store } from "./store.js";
import { showSky, widthsOf } from "./views.js";

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
  errors: $$("[data-error]"),
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
  clocks: $$("[data-clock]"),
  clockNames: $$("[data-clock-name]"),
  clockOffsets: $$("[data-clock-offset]"),
  placeClock: $("[data-place-clock]"),
  placeClockName: $("[data-place-clock-name]"),
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

const store = new Store({
  // {lat, lon, elevation, name?, zone?, located?}: name and IANA zone when picked by name
  // or linked, the zone the API names for typed coordinates, located when geolocated;
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
  widths: widthsOf(ui), // the drawings' laid-out widths, CSS pixels
});
const base = apiBase();

// A new place or time is asked for, and the address follows it.
const refresh = refreshSky(store, base);
function ask(changes, how = "push") {
  refresh(changes);
  remember(store.state, how);
}

showSky(store, ui);
const say = showStatus(store, ui);
const fields = wireFields(store, ui, ask, say);
wirePlay(store, ui, base, ask);
wireShare(ui, say);

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

loadCatalogue();
// A link's place is shown with its time; without one, the time waits for the location.
const link = followLinks(store, fields.openLink);
if (link.place) fields.openLink(link, "replace");
else {
  if (link.time) store.set({ time: link.time });
  fields.locateAtLoad();
}

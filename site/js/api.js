// Everything that knows the API's URLs. The base comes from <meta name="api-base">,
// empty meaning this page's own origin, so one set of files serves both make dev and
// a CDN that calls an API elsewhere, with no build step.

export function apiBase(doc = document) {
  const configured = doc.querySelector('meta[name="api-base"]')?.content.trim() ?? "";
  const base = new URL(configured || "./", doc.baseURI);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base;
}

// query: {lat, lon, elevation, time}; null or undefined values are left out.
export function planetsUrl(base, query) {
  return withQuery(new URL("planets", base), query);
}

// The sky over a span, for a page that interpolates between its samples. A minute's
// worth would do; two minutes at 30 s halve the requests (30 an hour), and a cubic
// through 30 s samples is within 0.3" of PyEphem, a hundredth of the page's last digit.
export const SPAN_S = 120;
export const STEP_S = 30;

// query: {lat, lon, elevation, start}: start on the span's grid, so that everyone asking
// for the same place in the same two minutes sends the same URL, which the edge shares.
export function skyUrl(base, query) {
  const { span = SPAN_S, step = STEP_S } = query;
  return withQuery(new URL("sky", base), { ...query, span, step });
}

// The place as the page sends it: rounded to 0.005 degrees (550 m) and 100 m of height,
// which moves no altitude by more than 0.01 degree, the page's last digit (docs/page.md),
// so that viewers in one town ask the same URLs.
export const PLACE_GRID = { deg: 0.005, m: 100 };
export function sharedPlace(place) {
  if (!place) return {};
  const to = (value, grid) => Math.round(value / grid) * grid;
  return {
    lat: Number(to(place.lat, PLACE_GRID.deg).toFixed(3)),
    lon: Number(to(place.lon, PLACE_GRID.deg).toFixed(3)),
    elevation: to(place.elevation, PLACE_GRID.m),
  };
}

// Whether two answers are for the same observer (an answer for the last place may still
// arrive after a new one is asked).
export const sameObserver = (a, b) =>
  a.lat === b.lat && a.lon === b.lon && a.elevation_m === b.elevation_m;

// Rise, transit and set for the same question (as of now or of the time given).
export function eventsUrl(base, query) {
  return withQuery(new URL("events", base), query);
}

// The night a moment belongs to, as /tonight's `date`: the noon-to-noon night by the
// place's mean solar time (the API's own `night`), so 02:00 belongs to the night that
// began the evening before.
export function nightOf(iso, lonDeg) {
  const shifted = Date.parse(iso) + (lonDeg / 15 - 12) * 3600000;
  return new Date(shifted).toISOString().slice(0, 10);
}

// query: {lat, lon, elevation, date}: the night's plan.
export function tonightUrl(base, query) {
  return withQuery(new URL("tonight", base), query);
}

// The ranges the API accepts (params.py), so an invalid value is flagged beside its field
// and never sent; the browser tests prove these equal to the served schema's.
export const LIMITS = {
  lat: { min: -90, max: 90 },
  lon: { min: -180, max: 180 },
  elevation: { min: -500, max: 20000 },
  time: { min: "1900-01-01T00:00:00Z", max: "2100-12-31T23:59:59Z" },
};

// Every field the page reads from each answer, "[]" marking an array's items. The
// browser tests check these against the served OpenAPI schema, and check that the page
// reads nothing else.
const OBSERVER = [
  "observer.source",
  "observer.lat",
  "observer.lon",
  "observer.elevation_m",
  "observer.time_zone",
  "observer.pressure_mbar",
  "observer.temperature_C",
  "observer.refraction",
];
const BODY = [
  "name",
  "az",
  "alt",
  "compass",
  "above_horizon",
  "magnitude",
  "phase_percent",
  "constellation",
  "visibility.visible",
  "visibility.reason",
  // and the rest, read by a body's details (details.js), which list every field
  "ra_hours",
  "dec_deg",
  "distance_au",
  "distance_km",
  "elongation_deg",
  "constellation_abbr",
];
export const FIELDS = {
  planets: ["time", ...OBSERVER, ...BODY.map((field) => `bodies[].${field}`)],
  sky: [
    "start",
    "stop",
    ...OBSERVER,
    "samples[].time",
    ...BODY.map((field) => `samples[].bodies[].${field}`),
  ],
  events: [
    "time",
    "observer.lat",
    "observer.lon",
    "observer.elevation_m",
    "bodies[].name",
    "bodies[].circumpolar",
    "bodies[].never_rises",
    "bodies[].previous_rise",
    "bodies[].next_rise",
    "bodies[].next_set",
    "bodies[].next_transit",
    "bodies[].previous_set",
    "bodies[].previous_transit",
    "bodies[].transit_alt_deg",
  ],
  tonight: [
    "date",
    "night.start",
    "night.end",
    "sampled.start",
    "sampled.end",
    "step_s",
    "darkness.start",
    "darkness.end",
    "darkness_note",
    "bodies[].name",
    "bodies[].visible",
    "bodies[].reason",
    "bodies[].windows[].from",
    "bodies[].windows[].until",
    "bodies[].best.time",
    "bodies[].best.alt",
    "bodies[].best.compass",
    "bodies[].best.constellation",
    "bodies[].magnitude",
    "bodies[].altitudes",
  ],
};

function withQuery(url, query) {
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) url.searchParams.set(name, String(value));
  }
  return url;
}

// status: the HTTP status, null when there was no answer; parameter: the request
// parameter the API's problem document names as wrong, if any.
export class ApiFailure extends Error {
  constructor(message, status = null, parameter = null) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
    this.parameter = parameter;
  }
}

// Any JSON answer of the API; a failure becomes an ApiFailure saying why.
export async function fetchJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ApiFailure("the API cannot be reached");
  }
  if (!response.ok) {
    // A problem document names what was wrong; anything else is just a status.
    const problem = await response.json().catch(() => null);
    const why = problem?.detail ?? `HTTP ${response.status}`;
    throw new ApiFailure(why, response.status, problem?.parameter ?? null);
  }
  return response.json();
}

// The tutorial's testPerformance(n): n requests, six at a time as a browser would,
// bypassing the HTTP cache so each one reaches the API.
export async function testPerformance(url, n, concurrency = 6) {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  async function worker() {
    while (next < n) {
      next += 1;
      const response = await fetch(url, { cache: "no-store" }).catch(() => null);
      if (response?.ok) ok += 1;
      await response?.arrayBuffer();
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  const ms = performance.now() - started;
  return { n, ok, ms, perSecond: n / (ms / 1000) };
}

// What the sky shows over time, and when the page asks for it: for "now" a span of sky,
// asked again shortly before its samples run out and shown between them; for a moment,
// its sky once; while playing, the play's own spans. Rise and set, and Tonight, each
// have a poller asked again only when its answer has passed.
import {
  eventsUrl,
  fetchJson,
  LIMITS,
  nightOf,
  planetsUrl,
  SPAN_S,
  sharedPlace,
  skyUrl,
  tonightUrl,
} from "./api.js";
import { clockFor, knownZone } from "./clock.js";
import { covers, skyAt } from "./interpolate.js";
import { Poller, untilEarliestEvent } from "./poller.js";
import { capital } from "./words.js";

export const query = (state) => ({ ...sharedPlace(state.place), time: state.time });
const tonightQuery = (state) => ({ ...sharedPlace(state.place), date: state.tonight.date });

// The parameters the user types, each beside its field; a problem about any other is
// said under the form.
const TYPED = new Set(["lat", "lon", "elevation", "time"]);

// Typed or linked coordinates carry no zone: the place's own is the one the API names for
// them, and its clock is then shown as a place found by name has its own. A located place
// keeps the browser's clock, which is the place's: the browser is there.
function ownZone({ place, clock }, observer) {
  if (!place || place.zone || place.located || !knownZone(observer.time_zone)) return {};
  const { lat, lon } = sharedPlace(place);
  if (observer.lat !== lat || observer.lon !== lon) return {}; // an answer for another place
  const zoned = { ...place, zone: observer.time_zone };
  return { place: zoned, clock: clockFor(clock.kind === "utc" ? "utc" : "place", zoned) };
}

// The next span is asked for this long before the samples run out.
const AHEAD_MS = 5000;
const SPAN_MS = SPAN_S * 1000;

const isoSeconds = (ms) => new Date(ms).toISOString().replace(".000Z", "Z");

// <meta name="poll-interval">: ms between two positions shown for "now"; 2000 as the
// tutorial had (it asked the API that often; the page now asks once per span).
function showInterval() {
  const configured = Number(document.querySelector('meta[name="poll-interval"]')?.content);
  return Number.isFinite(configured) && configured >= 500 ? configured : 2000;
}

// The pollers of the sky, its events and Tonight, following the store's place and time.
// Returns ask(changes): a new place or time, asked for.
export function refreshSky(store, base) {
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
    const own = ownZone(store.state, answer.observer);
    if (!("samples" in answer)) return store.set({ sky: answer, outage: null, ...own });
    const sameSpans = covers(store.state.spans, Date.parse(answer.start));
    store.set({
      spans: [...(sameSpans ? store.state.spans : []), answer].slice(-2),
      outage: null,
      ...own,
    });
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

  // While the sky plays, it asks for its own spans.
  store.addEventListener("change", ({ detail: { state, before } }) => {
    if (!state.playing || before.playing) return;
    poller.stop();
    keepShowing(false);
  });

  document.addEventListener("visibilitychange", () => {
    if (store.state.playing) return; // the play's own timer runs on, as slowly as the tab
    keepShowing(!document.hidden && store.state.time === null);
    if (document.hidden) return poller.stop();
    showNow();
    poller.start();
  });

  // A new place or time: the answers that no longer apply go, and each poller whose
  // question changed asks again (the sky's always, as the tutorial did). A new place
  // brings its own clock when it has a zone.
  return function ask(changes) {
    if (store.state.playing) {
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
      url(tonightUrl, tonightQuery({ ...after, tonight })) !==
      url(tonightUrl, tonightQuery(before));
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
  };
}

// The sky in motion from the instant shown; Stop, like Now, returns to the present.
// play.js is loaded on the first Play, not with the page.
export function wirePlay(store, ui, base, ask) {
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
    store.set({ playing: rate, details: null });
    play(from, rate);
  });
  ui.playRate.addEventListener("change", () => {
    if (!store.state.playing) return;
    const rate = Number(ui.playRate.value);
    store.set({ playing: rate });
    play(Date.parse(store.state.sky.time), rate);
  });
  store.show([
    [
      ({ playing }) => {
        if (!playing) player?.stop();
        ui.play.textContent = playing ? "Stop" : "Play";
      },
      ["playing"],
    ],
  ]);
}

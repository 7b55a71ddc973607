// What the page says about itself: the status line (whose sky, at what instant), the
// banner while the API is not answering, what a link held that could not be read, and
// the live region, which speaks only when something that matters changes.
import { PLACE_GRID, sameObserver, sharedPlace } from "./api.js";
import { bodyName, describePlace } from "./words.js";

// The place as it was given, not as it was sent: the sky is computed for it rounded
// (sharedPlace), which the line says. Drawn once the sky shown is the place's.
function drawStatus(ui, { sky, time, clock, locationNote, place, playing }) {
  if (!sky || !isFor(sky, place)) return;
  let when = time ? `at ${clock.moment(sky.time)}` : `now (${clock.moment(sky.time)})`;
  if (playing) when = `at ${clock.moment(sky.time)}, playing at ${playing / 60} min a second`;
  const within = `computed within ${PLACE_GRID.deg}° and ${PLACE_GRID.m} m`;
  let where = "the Greenwich Observatory"; // the API's own place, sent as it is
  if (place?.name) where = `${place.name} (${describePlace(place)}; ${within})`;
  else if (place) where = `${describePlace(place)} (${within})`;
  ui.status.textContent = `${locationNote} Sky over ${where}, ${when}.`;
}

// Whether the sky is the answer for the place (null: the API's own, Greenwich).
function isFor(sky, place) {
  if (!place) return sky.observer.source === "default";
  const { lat, lon, elevation } = sharedPlace(place);
  return sameObserver(sky.observer, { lat, lon, elevation_m: elevation });
}

function drawBanner(ui, { outage, sky, clock }) {
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

function drawLinkNote(ui, { linkNote }) {
  ui.linkNote.hidden = !linkNote;
  ui.linkNote.textContent = linkNote ? `This link's ${linkNote}: left out.` : "";
}

// Said once when something that matters changes: bodies that rose or set since the last
// answer for the same place while showing now, and the API going down or coming back.
function announce(ui, state, before) {
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

// Draws the page's own words from the store; returns say(words), for the live region.
export function showStatus(store, ui) {
  store.show([
    [(state) => drawBanner(ui, state), ["outage", "sky", "clock"]],
    [
      (state) => drawStatus(ui, state),
      ["sky", "time", "clock", "locationNote", "place", "playing"],
    ],
    [(state) => drawLinkNote(ui, state), ["linkNote"]],
    [(state, before) => announce(ui, state, before), ["outage", "sky"]],
  ]);
  return (words) => {
    ui.announce.textContent = words;
  };
}

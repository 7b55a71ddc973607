// The form: the place typed, found by name or located, the time and the clock it is read
// in; each value checked before it is asked, and said beside its field when it is wrong.
import { LIMITS } from "./api.js";
import { clockFor } from "./clock.js";
import { PlaceFinder, placeLabel } from "./finder.js";
import { capital } from "./words.js";

const FIELDS = {
  lat: { label: "Latitude", unit: "°" },
  lon: { label: "Longitude", unit: "°" },
  elevation: { label: "Elevation", unit: " m" },
};
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const GREENWICH_NOTE = "showing the Greenwich Observatory";
const GEO_ERRORS = { 1: "permission denied", 2: "position unavailable", 3: "timed out" };
const unavailable = (reason) => `Location unavailable (${reason}): ${GREENWICH_NOTE}.`;
const withoutPlace = (errors) => ({ ...errors, lat: null, lon: null, elevation: null });

// The field's number, null when empty, or an error saying what is wrong.
function readField(input, name) {
  const { min, max } = LIMITS[name];
  const { label, unit } = FIELDS[name];
  const typed = input.value.trim();
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
function placeFromInputs(inputs) {
  const read = Object.fromEntries(
    Object.keys(FIELDS).map((name) => [name, readField(inputs[name], name)]),
  );
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

// Wires the form to the store; ask(changes, how) asks for a new place or time. Returns
// openLink(link, how), which shows and asks for a link's place and time, and
// locateAtLoad().
export function wireFields(store, ui, ask, say) {
  function fillInputs(place) {
    for (const name of Object.keys(FIELDS)) {
      ui.inputs[name].value = place ? String(place[name]) : "";
    }
  }

  function give(place, changes, how = "push") {
    fillInputs(place);
    ask({ place, ...changes, errors: withoutPlace(store.state.errors) }, how);
  }

  const fallBack = (locationNote) => give(null, { locationNote }, "replace");

  // The place and time of a link (at load, or Back and Forward through the page's history).
  function openLink({ place, time }, how) {
    const locationNote = place ? "Place from the link." : `${capital(GREENWICH_NOTE)}.`;
    give(place, { time, locationNote }, how);
  }

  let typingTimer = null;
  ui.form.addEventListener("input", (event) => {
    const notPlace = [ui.time, ui.search.input, ui.playRate];
    if (notPlace.includes(event.target) || event.target.name === "clock") return;
    clearTimeout(typingTimer);
    // As in the tutorial: update once the user has stopped typing for half a second.
    typingTimer = setTimeout(() => {
      const { errors, place } = placeFromInputs(ui.inputs);
      const placeErrors = { lat: errors.lat, lon: errors.lon, elevation: errors.elevation };
      const all = { ...store.state.errors, ...placeErrors };
      if (place === undefined) return store.set({ errors: all });
      const locationNote = place ? "Typed location." : `No location typed: ${GREENWICH_NOTE}.`;
      ask({ place, locationNote, errors: all }, "replace");
    }, 500);
  });
  ui.form.addEventListener("submit", (event) => event.preventDefault());

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
          located: true,
        };
        give(place, { locationNote: "Your location." }, how);
      },
      (error) => fallBack(unavailable(GEO_ERRORS[error.code] ?? "unknown error")),
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  }
  ui.useLocation.addEventListener("click", () => locate());

  // At load the page asks for the location only if it was granted before: a prompt
  // nobody asked for is left to the "Use my location" button.
  async function locateAtLoad() {
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
      give(place, { locationNote: "Found by name." });
    },
    say,
  );

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

  for (const radio of ui.clocks) {
    radio.addEventListener("change", () => {
      const kind = ui.clocks.find((r) => r.checked).value;
      store.set({ clock: clockFor(kind, store.state.place) });
    });
  }

  // The clock switch: the place's own clock offered when the place has a zone.
  function drawClockChoice({ clock, place }) {
    ui.placeClock.hidden = !place?.zone;
    for (const radio of ui.clocks) radio.checked = radio.value === clock.kind;
    const name = place?.name?.split(",")[0];
    ui.placeClockName.textContent = place?.zone
      ? `${name ?? "the place"}'s clock (${place.zone})`
      : "";
    ui.clockNote.textContent = place?.zone
      ? `Times are in ${name ?? "the place"}'s own clock unless you choose another.`
      : "Times are your browser's clock or UTC.";
    finder.showName(place?.name);
  }

  // The Time field shows the instant asked in the chosen clock; empty for now.
  function drawTimeInput({ time, clock }) {
    ui.time.value = time ? clock.inputValue(time) : "";
  }

  function drawErrors({ errors }) {
    const inputs = { ...ui.inputs, time: ui.time };
    for (const [name, input] of Object.entries(inputs)) {
      input.setAttribute("aria-invalid", String(Boolean(errors[name])));
    }
    for (const node of ui.errors) node.textContent = errors[node.dataset.error] ?? "";
  }

  // The Time field's own limits, in the clock it is read in.
  function drawTimeLimits({ clock }) {
    ui.time.min = clock.inputValue(LIMITS.time.min);
    ui.time.max = clock.inputValue(LIMITS.time.max);
  }

  store.show([
    [drawClockChoice, ["clock", "place"]],
    [drawTimeInput, ["time", "clock"]],
    [drawErrors, ["errors"]],
    [drawTimeLimits, ["clock"]],
  ]);

  // The controls start open where there is room beside the chart.
  ui.controls.open = window.matchMedia("(min-width: 60rem)").matches;

  return { openLink, locateAtLoad };
}

// What the page says about bodies and places, in words, shared by every view.

export const REASONS = {
  below_horizon: "below the horizon",
  too_faint: "too faint to see by eye",
  too_close_to_sun: "too close to the Sun",
  daylight: "in daylight",
  twilight: "the twilight is too bright",
  no_darkness: "no dark sky tonight",
};

export const capital = (text) => text[0].toUpperCase() + text.slice(1);
export const bodyName = (name) => capital(name);
export const reason = (code) => REASONS[code] ?? code.replaceAll("_", " ");

// A night's window in a clock: "18:20–21:20", or "around 05:10" when the plan saw the body
// at one of its 10-minute samples only.
export function windowWords({ from, until }, clock) {
  const [start, end] = [clock.time(from), clock.time(until)];
  return from === until ? `around ${start}` : `${start}–${end}`;
}

// "35.6895° N, 139.6917° E, 40 m"
export function describePlace({ lat, lon, elevation }) {
  const [ns, ew] = [lat >= 0 ? "N" : "S", lon >= 0 ? "E" : "W"];
  return `${Math.abs(lat).toFixed(4)}° ${ns}, ${Math.abs(lon).toFixed(4)}° ${ew}, ${elevation} m`;
}

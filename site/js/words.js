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

export function describeObserver(observer) {
  if (observer.source === "default") return "the Greenwich Observatory";
  const ns = observer.lat >= 0 ? "N" : "S";
  const ew = observer.lon >= 0 ? "E" : "W";
  const [lat, lon] = [Math.abs(observer.lat).toFixed(4), Math.abs(observer.lon).toFixed(4)];
  return `${lat}° ${ns}, ${lon}° ${ew}, ${observer.elevation_m} m`;
}

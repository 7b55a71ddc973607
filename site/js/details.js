// One body's details in a <dialog>: every field the API gives for it now (/planets or
// /sky), its rise, transit and set (/events) and its night (/tonight), in the chosen
// clock. Fields are listed as the answers carry them, so a field the API adds shows too.
import { bodyName, reason, windowWords } from "./words.js";

// Field -> [label, unit or a formatter]; a field not named here shows under its own name.
const LABELS = {
  az: ["Azimuth", "°"],
  alt: ["Altitude", "°"],
  compass: ["Direction"],
  above_horizon: ["Above the horizon"],
  ra_hours: ["Right ascension", " h"],
  dec_deg: ["Declination", "°"],
  distance_au: ["Distance", " au"],
  distance_km: ["Distance", " km"],
  magnitude: ["Magnitude"],
  phase_percent: ["Lit", "%"],
  elongation_deg: ["From the Sun (east +)", "°"],
  constellation: ["Constellation"],
  constellation_abbr: ["Constellation (IAU)"],
  "visibility.visible": ["Seen by eye"],
  "visibility.reason": ["Why not", reason],
  circumpolar: ["Up all day"],
  never_rises: ["Down all day"],
  previous_rise: ["Rose"],
  next_rise: ["Rises"],
  previous_set: ["Set"],
  next_set: ["Sets"],
  previous_transit: ["Last transit"],
  next_transit: ["Next transit"],
  transit_alt_deg: ["Altitude at transit", "°"],
};
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function value(key, raw, clock, today) {
  const [, unit] = LABELS[key] ?? [];
  if (raw === null || raw === undefined) return "—";
  if (typeof unit === "function") return unit(raw);
  if (typeof raw === "boolean") return raw ? "yes" : "no";
  if (typeof raw === "string" && INSTANT.test(raw)) return clock.when(raw, today);
  return `${raw}${unit ?? ""}`; // numbers to the API's own last digit
}

// [path, value] for each leaf of an answer's entry for a body, in the answer's order.
function leaves(entry, prefix = "") {
  return Object.entries(entry).flatMap(([key, raw]) =>
    raw && typeof raw === "object" && !Array.isArray(raw)
      ? leaves(raw, `${prefix}${key}.`)
      : [[`${prefix}${key}`, raw]],
  );
}

function list(rows) {
  const dl = document.createElement("dl");
  for (const [term, text] of rows) {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = text;
    dl.append(dt, dd);
  }
  return dl;
}

function section(title, rows) {
  const part = document.createElement("section");
  const heading = document.createElement("h3");
  heading.textContent = title;
  part.append(heading, list(rows));
  return part;
}

function fields(entry, clock, today, order = (pairs) => pairs) {
  return order(leaves(entry).filter(([key]) => key !== "name")).map(([key, raw]) => [
    LABELS[key]?.[0] ?? key,
    value(key, raw, clock, today),
  ]);
}

// Rise, transit and set read as a timeline: what is not an instant first, then the
// instants as they happen ("Set" yesterday before "Rose" today), and those with none last.
function chronological(pairs) {
  const when = ([, raw]) => {
    if (raw === null) return Infinity;
    return typeof raw === "string" && INSTANT.test(raw) ? Date.parse(raw) : -Infinity;
  };
  return [...pairs].sort((a, b) => when(a) - when(b) || 0);
}

function night(plan, clock) {
  if (!plan.visible) return [["Seen by eye tonight", `no: ${reason(plan.reason)}`]];
  const rows = plan.windows.map((w, i) => [i ? "Also" : "Seen by eye", windowWords(w, clock)]);
  const { time, alt, compass, constellation } = plan.best;
  rows.push([
    "Best",
    `${clock.time(time)}, ${alt.toFixed(0)}° up in the ${compass} (${constellation})`,
  ]);
  rows.push(["Brightest", `magnitude ${plan.magnitude.toFixed(2)}`]);
  return rows;
}

// body, events: the answers' entries for it (events null while asked); tonight: the
// page's {plan, error} for the night; today: the instant shown; live: whether it is now.
export function renderDetails(dialog, { body, events, tonight, clock, today, live }) {
  dialog.querySelector("[data-details-heading]").textContent = bodyName(body.name);
  const plan = tonight.plan?.bodies.find((entry) => entry.name === body.name);
  let planned = [["", "Being asked…"]];
  if (plan) planned = night(plan, clock);
  else if (tonight.error) planned = [["", `Not planned: ${tonight.error}.`]];
  else if (tonight.plan) planned = [["", "Tonight's plan is for the other bodies."]];
  const parts = [
    section(
      `${live ? "Now" : "At the time shown"} (${clock.describe(today)})`,
      fields(body, clock, today),
    ),
    section(
      "Rise, transit and set",
      events ? fields(events, clock, today, chronological) : [["", "Being asked…"]],
    ),
    section("Tonight", planned),
  ];
  dialog.querySelector("[data-details-body]").replaceChildren(...parts);
}

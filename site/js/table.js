// The table of bodies: one row per body of a /planets answer, with its rise and set
// from the /events answer for the same question. Text is set with textContent.
import { bodyName, reason } from "./words.js";

// Every time here is said on the sky's own day (`today`: the instant shown), so a time on
// another day carries its day: "tomorrow 03:55" is never read as in 43 minutes.

// Rise or set in the chosen clock; the API's words where there is no time, and a
// dash while the body's events are not known (not yet asked, or not answered).
export function eventTime(events, key, clock, today) {
  if (!events) return "—";
  if (events.circumpolar) return "always up";
  if (events.never_rises) return "never up";
  return events[key] ? clock.when(events[key], today) : "—";
}

// The Rises column: for a body that is up, when it rose; else when it rises next.
export function riseTime(body, events, clock, today) {
  if (body.above_horizon && events?.previous_rise && !events.circumpolar) {
    return `rose ${clock.when(events.previous_rise, today)}`;
  }
  return eventTime(events, "next_rise", clock, today);
}

// Whether a body can be seen now, and if not why, in words; with the next rise for a
// body below the horizon and the next set for one above it.
export function seenNow(body, events, clock, today) {
  const v = body.visibility;
  if (!body.above_horizon) {
    if (!events) return "No: below the horizon";
    if (events.never_rises) return "No: below the horizon all day";
    const rises = events.next_rise ? `; rises ${clock.when(events.next_rise, today)}` : "";
    return `No: below the horizon${rises}`;
  }
  let sets = "";
  if (events?.next_set) sets = `; sets ${clock.when(events.next_set, today)}`;
  else if (events?.circumpolar) sets = "; up all day";
  if (v.visible) return `Yes${sets}`;
  const more = v.reason === "too_faint" ? ` (magnitude ${body.magnitude.toFixed(1)})` : "";
  return `No: ${reason(v.reason)}${more}${sets}`;
}

const COLUMNS = [
  ["name", (b) => bodyName(b.name)],
  ["seen", seenNow],
  ["az", (b) => b.az.toFixed(2)],
  ["compass", (b) => b.compass],
  ["alt", (b) => b.alt.toFixed(2)],
  ["magnitude", (b) => b.magnitude.toFixed(2)],
  ["rise", riseTime],
  ["set", (b, e, clock, today) => eventTime(e, "next_set", clock, today)],
  ["constellation", (b) => b.constellation],
];

function newRow(name) {
  const row = document.createElement("tr");
  row.dataset.body = name;
  row.tabIndex = 0; // Enter or Space opens its details
  for (const [field] of COLUMNS) {
    const cell = document.createElement(field === "name" ? "th" : "td");
    if (field === "name") cell.scope = "row";
    cell.dataset.field = field;
    row.append(cell);
  }
  return row;
}

// sky: a /planets answer; events: a Map from body name to its /events entry.
export function renderTable(tbody, sky, events, clock) {
  const rows = new Map([...tbody.rows].map((row) => [row.dataset.body, row]));
  const ordered = sky.bodies.map((body) => {
    const row = rows.get(body.name) ?? newRow(body.name);
    COLUMNS.forEach(([, format], i) => {
      row.cells[i].textContent = format(body, events.get(body.name), clock, sky.time);
    });
    row.dataset.up = String(body.above_horizon);
    row.dataset.visible = String(body.visibility.visible);
    return row;
  });
  tbody.replaceChildren(...ordered);
}

// The page's address as a link to the sky it shows: the place (with its name and IANA
// zone when it was picked by name) and the time when one is fixed. readLink and
// linkSearch are pure; the rest keeps the address, history and sharing in step.
import { LIMITS } from "./api.js";
import { knownZone } from "./clock.js";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/;

function number(params, name, notes) {
  const text = params.get(name);
  if (text === null) return null;
  const { min, max } = LIMITS[name];
  const value = NUMBER.test(text.trim()) ? Number(text) : NaN;
  if (value >= min && value <= max) return value;
  notes.push(`${name}=${text} is not a number from ${min} to ${max}`);
  return undefined;
}

// The place and time a link holds, and what was wrong with it, in words: a value that
// cannot be read is left out (the place as a whole when lat or lon is), never guessed.
export function readLink(search) {
  const params = new URLSearchParams(search);
  const notes = [];
  const [lat, lon] = [number(params, "lat", notes), number(params, "lon", notes)];
  let elevation = number(params, "elevation", notes);
  if (elevation === undefined) elevation = null;
  let place = null;
  if (typeof lat === "number" && typeof lon === "number") {
    place = { lat, lon, elevation: elevation ?? 0 };
    const [name, zone] = [params.get("place")?.trim(), params.get("zone")];
    if (name) place.name = name;
    if (zone !== null && knownZone(zone)) place.zone = zone;
    else if (zone !== null) notes.push(`zone=${zone} is not a time zone this browser knows`);
  } else if (lat === null && lon !== null && lon !== undefined) {
    notes.push("lon comes without lat");
  } else if (lon === null && lat !== null && lat !== undefined) {
    notes.push("lat comes without lon");
  }
  let time = params.get("time");
  if (time !== null) {
    const ms = INSTANT.test(time) ? Date.parse(time) : NaN;
    const { min, max } = LIMITS.time;
    if (ms >= Date.parse(min) && ms <= Date.parse(max)) {
      time = new Date(ms).toISOString().replace(".000Z", "Z");
    } else {
      notes.push(`time=${time} is not an instant in UTC from ${min} to ${max}`);
      time = null;
    }
  }
  return { place, time, notes };
}

// The query string that reopens this place and time ("" for Greenwich, now).
export function linkSearch({ place, time }) {
  const params = new URLSearchParams();
  if (place) {
    params.set("lat", String(place.lat));
    params.set("lon", String(place.lon));
    params.set("elevation", String(place.elevation));
    if (place.name) params.set("place", place.name);
    if (place.zone) params.set("zone", place.zone);
  }
  if (time) params.set("time", time.replace(".000Z", "Z"));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The page's address follows the place and time: replaced while typing, a new history
// entry for each committed change ("push"), left alone when it is what changed ("none").
export function remember(state, how) {
  const search = linkSearch(state);
  if (how === "none" || search.slice(1) === new URLSearchParams(location.search).toString()) {
    return;
  }
  const url = `${location.pathname}${search}${location.hash}`;
  if (how === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

// The link the page was opened with, and each one Back and Forward return to: what
// could not be read is noted in the store, and open(link, how) shows the rest.
export function followLinks(store, open) {
  const read = () => {
    const link = readLink(location.search);
    store.set({ linkNote: link.notes.length ? link.notes.join("; ") : null });
    return link;
  };
  window.addEventListener("popstate", () => open(read(), "none"));
  return read();
}

// "Share this sky": the address copied, or where there is no clipboard (an insecure page,
// or refused) the link, selected, to copy by hand.
export function wireShare(ui, say) {
  ui.share.addEventListener("click", async () => {
    const link = location.href;
    try {
      await navigator.clipboard.writeText(link);
      ui.shareLink.hidden = true;
      ui.shareNote.textContent = "Link copied.";
      say("Link copied.");
    } catch {
      ui.shareLink.hidden = false;
      ui.shareLink.value = link;
      ui.shareLink.focus();
      ui.shareLink.select();
      ui.shareNote.textContent = "Copy this link (Ctrl+C or ⌘C):";
    }
  });
}

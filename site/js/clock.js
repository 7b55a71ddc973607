// Every time the page shows goes through here, so each one says its clock: the place's
// own (its IANA zone: the town's when picked by name, a link's, else the one the API names
// for its coordinates), the viewer's, or UTC, each with its UTC offset at that moment. A
// value: the switch puts a new Clock in the page's state, and every view that shows a
// time redraws.

// Whether the browser knows an IANA zone by that name.
export function knownZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// The clock of that kind for a place: its own needs a zone, else the viewer's stands in.
export function clockFor(kind, place) {
  const name = place?.name?.split(",")[0] ?? "the place";
  return new Clock({
    kind: kind === "place" && !place?.zone ? "local" : kind,
    ...(place?.zone ? { zone: place.zone, place: name } : {}),
  });
}

const WALL = {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
};

export class Clock {
  #kind;
  #zone;
  #place;
  #wall = null; // the formatter #offset reads wall times with, made once per clock

  // kind: "place" (zone: its IANA name, place: what to call it), "local" or "utc".
  constructor({ kind = "local", zone = null, place = null } = {}) {
    this.#kind = kind === "place" && !zone ? "local" : kind;
    this.#zone = zone;
    this.#place = place;
  }

  get kind() {
    return this.#kind;
  }

  #options() {
    if (this.#kind === "utc") return { timeZone: "UTC" };
    return this.#kind === "place" ? { timeZone: this.#zone } : {};
  }

  // Minutes this clock is ahead of UTC at that instant (it moves with daylight saving).
  #offset(ms) {
    this.#wall ??= new Intl.DateTimeFormat("en-US", { ...WALL, ...this.#options() });
    const parts = this.#wall
      .formatToParts(new Date(ms))
      .reduce((all, { type, value }) => ({ ...all, [type]: Number(value) }), {});
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
    return Math.round((wall - (ms - (((ms % 60000) + 60000) % 60000))) / 60000);
  }

  // "UTC" or the clock's offset at that moment, e.g. "UTC+01:00".
  name(iso = null) {
    if (this.#kind === "utc") return "UTC";
    const minutes = this.#offset(iso ? Date.parse(iso) : Date.now());
    const sign = minutes < 0 ? "−" : "+";
    const abs = Math.abs(minutes);
    const two = (n) => String(n).padStart(2, "0");
    return `UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  }

  // "Tokyo's clock, Asia/Tokyo, UTC+09:00", "your clock, UTC+01:00" or "UTC": said once
  // beside a group of times.
  describe(iso = null) {
    if (this.#kind === "utc") return "UTC";
    if (this.#kind === "local") return `your clock, ${this.name(iso)}`;
    return `${this.#place}'s clock, ${this.#zone}, ${this.name(iso)}`;
  }

  // 05:38
  time(iso) {
    return new Date(iso).toLocaleTimeString(undefined, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      ...this.#options(),
    });
  }

  // 20 Mar 2024, 13:00:00 UTC+01:00
  moment(iso) {
    const text = new Date(iso).toLocaleString(undefined, {
      dateStyle: "medium",
      timeStyle: "medium",
      hourCycle: "h23",
      ...this.#options(),
    });
    return `${text} ${this.name(iso)}`;
  }

  // 05:38 when on the same day as the instant `today` in this clock; else with its day,
  // in the browser's language: "tomorrow 05:38", "Thu 05:38" within the week, "20 Mar 05:38".
  when(iso, today) {
    const days = this.#dayNumber(iso) - this.#dayNumber(today);
    if (days === 0) return this.time(iso);
    const date = new Date(iso);
    let day;
    if (Math.abs(days) === 1) {
      day = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }).format(days, "day");
    } else if (Math.abs(days) < 7) {
      day = date.toLocaleDateString(undefined, { weekday: "short", ...this.#options() });
    } else {
      day = date.toLocaleDateString(undefined, {
        day: "numeric",
        month: "short",
        ...this.#options(),
      });
    }
    return `${day} ${this.time(iso)}`;
  }

  // The days from one instant to another in this clock, as the browser's language writes a
  // range: "2–3 December 2026", "December 2 – 3, 2026".
  days(fromIso, toIso) {
    const days = { day: "numeric", month: "long", year: "numeric", ...this.#options() };
    return new Intl.DateTimeFormat(undefined, days).formatRange(new Date(fromIso), new Date(toIso));
  }

  // The instant's calendar date in this clock, as days since 1970-01-01.
  #dayNumber(iso) {
    const fields = { year: "numeric", month: "numeric", day: "numeric", ...this.#options() };
    const parts = new Intl.DateTimeFormat("en-US", fields).formatToParts(new Date(iso));
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(part("year"), part("month") - 1, part("day")) / 86400000;
  }

  // The value a datetime-local input shows for an instant, in this clock.
  inputValue(iso) {
    const ms = Date.parse(iso);
    return new Date(ms + this.#offset(ms) * 60000).toISOString().slice(0, 19);
  }

  // A datetime-local input's value, read in this clock, as an instant. A wall time that
  // daylight saving skips is read with the offset before it (02:30 as 03:30); one it
  // repeats, as the second of the two.
  fromInput(value) {
    const text = value.length === 16 ? `${value}:00` : value;
    const wall = Date.parse(`${text}Z`);
    if (Number.isNaN(wall)) return null;
    const guess = wall - this.#offset(wall) * 60000;
    return new Date(wall - this.#offset(guess) * 60000).toISOString();
  }
}

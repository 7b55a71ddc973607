// Every time the page shows goes through here, so each one says its clock: the viewer's
// (with its UTC offset at that moment) or UTC, as the switch says. A value: the switch
// puts a new Clock in the page's state, and every view that shows a time redraws.

export class Clock {
  #utc;

  constructor(utc = false) {
    this.#utc = utc;
  }

  get utc() {
    return this.#utc;
  }

  #zone() {
    return this.#utc ? { timeZone: "UTC" } : {};
  }

  // "UTC" or the viewer's offset at that moment, e.g. "UTC+01:00" (it moves with DST).
  name(iso = null) {
    if (this.#utc) return "UTC";
    const minutes = -new Date(iso ?? Date.now()).getTimezoneOffset();
    const sign = minutes < 0 ? "−" : "+";
    const abs = Math.abs(minutes);
    const two = (n) => String(n).padStart(2, "0");
    return `UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  }

  // "your clock, UTC+01:00" or "UTC": said once beside a group of times.
  describe(iso = null) {
    return this.#utc ? "UTC" : `your clock, ${this.name(iso)}`;
  }

  // 05:38
  time(iso) {
    return new Date(iso).toLocaleTimeString(undefined, {
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      ...this.#zone(),
    });
  }

  // 20 Mar 2024, 13:00:00 UTC+01:00
  moment(iso) {
    const text = new Date(iso).toLocaleString(undefined, {
      dateStyle: "medium",
      timeStyle: "medium",
      hourCycle: "h23",
      ...this.#zone(),
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
      day = date.toLocaleDateString(undefined, { weekday: "short", ...this.#zone() });
    } else {
      day = date.toLocaleDateString(undefined, { day: "numeric", month: "short", ...this.#zone() });
    }
    return `${day} ${this.time(iso)}`;
  }

  // The instant's calendar date in this clock, as days since 1970-01-01.
  #dayNumber(iso) {
    const fields = { year: "numeric", month: "numeric", day: "numeric", ...this.#zone() };
    const parts = new Intl.DateTimeFormat("en-US", fields).formatToParts(new Date(iso));
    const part = (type) => Number(parts.find((p) => p.type === type).value);
    return Date.UTC(part("year"), part("month") - 1, part("day")) / 86400000;
  }

  // The value a datetime-local input shows for an instant, in this clock.
  inputValue(iso) {
    const d = new Date(iso);
    if (this.#utc) return d.toISOString().slice(0, 19);
    const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 19);
  }

  // A datetime-local input's value, read in this clock, as an instant.
  fromInput(value) {
    const text = value.length === 16 ? `${value}:00` : value;
    const date = new Date(this.#utc ? `${text}Z` : text);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
}

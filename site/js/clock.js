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

  // 20 Mar
  day(iso) {
    return new Date(iso).toLocaleDateString(undefined, {
      day: "numeric",
      month: "short",
      ...this.#zone(),
    });
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
    return this.#utc ? new Date(`${text}Z`).toISOString() : new Date(text).toISOString();
  }
}

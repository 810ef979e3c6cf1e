const DAY = 86_400_000;

/** Intl puts thin and narrow no-break spaces around ranges and before AM/PM; readers want plain ones. */
const plain = (s: string) => s.replace(/[\u2009\u202f]/g, " ");

interface EventTiming {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string | null;
}

/** The calendar date of an instant in a zone, "YYYY-MM-DD". */
export function localDate(d: Date, timeZone = "UTC"): string {
  // en-CA writes dates as ISO does; formatToParts keeps us independent of its separators.
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(d);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/**
 * An event's first and last day, both inclusive. All-day events are whole UTC dates (startsAt
 * at midnight UTC of the first day, endsAt at midnight after the last, as iCalendar's DATE
 * values), read without a zone; timed ones are read in their own zone (UTC when none), and
 * one ending at midnight ends on the day before.
 */
export function eventDays(e: EventTiming): { startDate: string; endDate: string } {
  if (e.allDay) {
    const last = new Date(Math.max(e.startsAt.getTime(), e.endsAt.getTime() - DAY));
    return { startDate: localDate(e.startsAt), endDate: localDate(last) };
  }
  const zone = e.timeZone ?? "UTC";
  const last = new Date(Math.max(e.startsAt.getTime(), e.endsAt.getTime() - 1));
  return { startDate: localDate(e.startsAt, zone), endDate: localDate(last, zone) };
}

/**
 * Human dates of an event ("April 28–29, 2010", or with times and zone). All-day events are
 * whole UTC dates (see eventDays) and end at the start of the day after their last day.
 */
export function eventWhen(e: EventTiming): string {
  const timeZone = e.timeZone ?? "UTC";
  if (e.allDay) {
    const last = new Date(Math.max(e.startsAt.getTime(), e.endsAt.getTime() - DAY));
    const fmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });
    return `${plain(fmt.formatRange(e.startsAt, last))} (all day${e.timeZone ? `, ${e.timeZone}` : ""})`;
  }
  const fmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone });
  return `${plain(fmt.formatRange(e.startsAt, e.endsAt))} (${timeZone})`;
}

/** An instant for readers: "April 28, 2010, 11:59 PM UTC". */
export function instant(d: Date, timeZone = "UTC"): string {
  return `${plain(new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone }).format(d))} ${timeZone}`;
}

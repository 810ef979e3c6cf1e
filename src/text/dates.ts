const DAY = 86_400_000;

/** Intl puts thin and narrow no-break spaces around ranges and before AM/PM; readers want plain ones. */
const plain = (s: string) => s.replace(/[\u2009\u202f]/g, " ");

/**
 * Human dates of an event in its own zone ("April 28–29, 2010", or with times and zone).
 * All-day events end at the start of the day after their last day, hence the step back.
 */
export function eventWhen(e: {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string | null;
}): string {
  const timeZone = e.timeZone ?? "UTC";
  if (e.allDay) {
    const last = new Date(Math.max(e.startsAt.getTime(), e.endsAt.getTime() - DAY));
    const fmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone });
    return `${plain(fmt.formatRange(e.startsAt, last))} (all day${e.timeZone ? `, ${e.timeZone}` : ""})`;
  }
  const fmt = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone });
  return `${plain(fmt.formatRange(e.startsAt, e.endsAt))} (${timeZone})`;
}

/** An instant for readers: "April 28, 2010, 11:59 PM UTC". */
export function instant(d: Date, timeZone = "UTC"): string {
  return `${plain(new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeStyle: "short", timeZone }).format(d))} ${timeZone}`;
}

import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events as eventRows } from "../../src/content/event/table.js";
import { createEvents } from "../../src/content/event/writes.js";
import { insertMissingPeople } from "../../src/content/people/writes.js";
import { content } from "../../src/read/table.js";
import { SITE, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe.each(backends())("iCalendar on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await insertMissingPeople(tdb.database.db, [{ slug: "ada", name: "Ada Example" }]);
    await createEvents(tdb.database.db, [
      {
        slug: "berlin-meetup",
        title: "Berlin meetup",
        status: "published",
        publishedAt: new Date("2026-01-01T00:00:00Z"),
        startsAt: new Date("2026-07-01T16:00:00Z"),
        endsAt: new Date("2026-07-01T20:00:00Z"),
        timeZone: "Europe/Berlin",
        venue: "c-base",
        sessions: [
          {
            title: "Opening",
            startsAt: new Date("2026-07-01T16:00:00Z"),
            endsAt: new Date("2026-07-01T16:30:00Z"),
            speakers: ["ada"],
          },
          { title: "Hallway track" },
        ],
      },
    ]);
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  const calendar = async (path: string) => {
    const res = await app.fetch(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    return new ICAL.Component(ICAL.parse(await res.text()));
  };

  it("escapes every text value: a title with line breaks (stored before the one-line rule) injects nothing", async () => {
    await createEvents(tdb.database.db, [
      {
        slug: "injected",
        title: "Evil, really; \\ Evil\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nEND:VEVENT",
        status: "published",
        publishedAt: new Date("2026-01-02T00:00:00Z"),
        startsAt: new Date("2026-08-01T16:00:00Z"),
        endsAt: new Date("2026-08-01T20:00:00Z"),
        venue: "Hall\r\nX-INJECTED:1",
      },
    ]);
    try {
      const raw = await (await app.fetch("/feeds/events/injected.ics")).text();
      expect(raw).not.toMatch(/^(SUMMARY:Injected|X-INJECTED)/m);
      expect(raw).toContain(
        "NAME:Evil\\, really\\; \\\\ Evil\\nBEGIN:VEVENT\\nSUMMARY:Injected\\nEND:VEVENT\r\n",
      );
      const cal = new ICAL.Component(ICAL.parse(raw));
      const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
      expect(events).toHaveLength(1);
      // ical.js hands NAME and X-WR-CALNAME back as written (it has no type for them): the
      // escaped TEXT value, on one line, which a reader unescapes into the title.
      const escaped = "Evil\\, really\\; \\\\ Evil\\nBEGIN:VEVENT\\nSUMMARY:Injected\\nEND:VEVENT";
      expect(cal.getFirstPropertyValue("name")).toBe(escaped);
      expect(cal.getFirstPropertyValue("x-wr-calname")).toBe(escaped);
      expect(events[0]?.location).toBe("Hall\nX-INJECTED:1");
      const all = await calendar("/feeds/events.ics");
      expect(all.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).summary)).not.toContain(
        "Injected",
      );
    } finally {
      await tdb.database.db.delete(content).where(eq(content.slug, "injected"));
      // Written around the editorial path: tell the feed cache, as a write would.
      app.bus.publish({ kind: "shared-data-changed", at: new Date() });
    }
  });

  it("lists every published event; the summit is an all-day April 28–29, 2010", async () => {
    const cal = await calendar("/feeds/events.ics");
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    // The event's own name, not the post's headline ("… – Agenda Announced").
    expect(events.map((e) => e.summary)).toEqual([
      "Xen Summit North America at AMD",
      "Berlin meetup",
    ]);
    const summit = events[0] as ICAL.Event;
    expect(summit.startDate.isDate).toBe(true);
    expect(summit.startDate.toString()).toBe("2010-04-28");
    expect(summit.endDate.toString()).toBe("2010-04-30");
    expect(summit.location).toBe("AMD");
    expect(summit.description).toContain("Registration: 235.00 USD");
    expect(summit.uid).toMatch(/^tag:xen\.example\.org,2010:event\/\d+$/);
    expect(String(summit.component.getFirstPropertyValue("url"))).toBe(
      `${SITE}/events/xen-summit-north-america-at-amd-agenda-announced`,
    );
  });

  it("writes zoned times with their VTIMEZONE, and one event's agenda as sessions", async () => {
    const cal = await calendar("/feeds/events/berlin-meetup.ics");
    for (const tz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(["Berlin meetup", "Opening"]);
    const meetup = events[0] as ICAL.Event;
    expect(meetup.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe(
      "Europe/Berlin",
    );
    expect(meetup.startDate.toString()).toBe("2026-07-01T18:00:00");
    expect(meetup.startDate.toJSDate().toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(meetup.endDate.toJSDate().toISOString()).toBe("2026-07-01T20:00:00.000Z");
    expect(meetup.description).toContain("Agenda:\n- Opening (Ada Example)\n- Hallway track");
    expect(events[1]?.startDate.toJSDate().toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(events[1]?.description).toBe("Speakers: Ada Example");
  });

  it("is byte-stable: DTSTAMP is each event's update time, and a rebuild gives the same bytes", async () => {
    const first = await app.fetch("/feeds/events.ics");
    const body = await first.text();
    const cal = new ICAL.Component(ICAL.parse(body));
    const rows = await tdb.database.db
      .select({ title: content.title, name: eventRows.name, updatedAt: content.updatedAt })
      .from(content)
      .innerJoin(eventRows, eq(eventRows.contentId, content.id));
    const updated = new Map(rows.map((r) => [r.name ?? r.title, r.updatedAt.toISOString()]));
    const stamps = cal.getAllSubcomponents("vevent").map((v) => {
      const stamp = v.getFirstPropertyValue("dtstamp") as ICAL.Time;
      return [v.getFirstPropertyValue("summary"), stamp.toJSDate().toISOString()];
    });
    expect(stamps).toHaveLength(2);
    for (const [summary, stamp] of stamps)
      expect(stamp, String(summary)).toBe(updated.get(String(summary)));
    // Another app on the same data (no shared cache) builds the same bytes and validators.
    const rebuilt = await testApp(tdb).fetch("/feeds/events.ics");
    expect(await rebuilt.text()).toBe(body);
    expect(rebuilt.headers.get("etag")).toBe(first.headers.get("etag"));
    const etag = first.headers.get("etag") as string;
    const again = await app.fetch("/feeds/events.ics", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });
});

/**
 * Synthetic archives for demos and benchmarks. Everything here is clearly marked: titles
 * start with "Synthetic", every entry carries the `synthetic` tag, links point at
 * example.org, people are "Synthetic" people. Issue k (0 = newest) is a pure function of
 * (seed, k), so a given seed always yields the same archive, whatever the count.
 */

import { type AnnouncementWrite, createAnnouncements } from "../src/content/announcement/writes.js";
import { existingSlugs } from "../src/content/entry/writes.js";
import { createEvents, type EventWrite } from "../src/content/event/writes.js";
import { createIssues, type IssueWrite, type SectionKind } from "../src/content/issue/writes.js";
import { insertMissingPeople, type PersonWrite } from "../src/content/people/writes.js";
import { createPolls, type PollWrite } from "../src/content/poll/writes.js";
import type { TagRow } from "../src/content/tags/reads.js";
import { insertMissingTags } from "../src/content/tags/writes.js";
import type { Db } from "../src/db/client.js";

const DAY = 86_400_000;
/** Newest synthetic week starts on this Monday unless told otherwise. */
export const DEFAULT_UNTIL = "2026-11-02";
/** The reference month stays exactly the seed's five entries: synthetic weeks skip it. */
const GAP_END = Date.UTC(2010, 4, 3);
const GAP_WEEKS = 5;

/** mulberry32: small, fast, and the same sequence on every platform. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0)
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0] as T);
    return out;
  }
}

const FIRST = [
  "Ada",
  "Bram",
  "Chen",
  "Dara",
  "Emil",
  "Farah",
  "Goran",
  "Hana",
  "Ines",
  "Jonas",
  "Kemal",
  "Lena",
  "Mika",
  "Noor",
  "Oskar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
];
const LAST = [
  "Abbott",
  "Berg",
  "Costa",
  "Dahl",
  "Ekdal",
  "Fischer",
  "Gupta",
  "Holm",
  "Ivanova",
  "Jansen",
  "Kowalski",
  "Lund",
  "Moreau",
  "Nakamura",
  "Okafor",
];
const TOPICS = [
  "scheduler",
  "storage",
  "networking",
  "security",
  "toolstack",
  "arm",
  "performance",
  "testing",
];
const NOUNS = [
  "hypervisor",
  "toolstack",
  "scheduler",
  "block backend",
  "network driver",
  "boot loader",
  "live migration",
  "memory balloon",
  "device model",
  "test lab",
  "release branch",
  "CI pipeline",
];
const VERBS = [
  "improves",
  "reworks",
  "speeds up",
  "simplifies",
  "hardens",
  "documents",
  "benchmarks",
  "ports",
];
const ADJ = ["faster", "smaller", "safer", "simpler", "more predictable", "better tested"];
const BROWSERS = ["Firefox", "Internet Explorer", "Chrome", "Safari", "Opera"];
const LISTS = ["xen-users", "xen-devel", "xen-api"];
const CURRENCIES = ["USD", "EUR", "GBP"];
const OPTION_LABELS = [
  "Bonsai Tree",
  "Panda Bear",
  "Zen Penguin",
  "Red Fox",
  "Blue Whale",
  "Snow Owl",
  "Paper Crane",
];

export const PEOPLE_POOL = 300;

export function syntheticPeople(): PersonWrite[] {
  return Array.from({ length: PEOPLE_POOL }, (_, n) => {
    const first = FIRST[n % FIRST.length] as string;
    const last = LAST[Math.floor(n / FIRST.length) % LAST.length] as string;
    return {
      slug: `synthetic-${first}-${last}-${n}`.toLowerCase(),
      name: `${first} ${last} (synthetic ${n})`,
      bio: "Synthetic person, generated for demos and benchmarks.",
    };
  });
}

export function syntheticTags(): TagRow[] {
  return [
    { slug: "synthetic", name: "Synthetic" },
    ...TOPICS.map((t) => ({ slug: `topic-${t}`, name: `Topic: ${t}` })),
  ];
}

const PEOPLE_SLUGS = syntheticPeople().map((p) => p.slug);

function sentence(d: Dice): string {
  return `The ${d.pick(NOUNS)} work ${d.pick(VERBS)} the ${d.pick(NOUNS)}, making it ${d.pick(ADJ)}.`;
}

function paragraph(d: Dice, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(d)).join(" ");
}

/** Monday of synthetic week k (k = 0 is the newest), skipping April 2010. */
export function weekStart(k: number, until = DEFAULT_UNTIL): Date {
  const base = Date.parse(`${until}T00:00:00Z`);
  let t = base - k * 7 * DAY;
  if (t < GAP_END) t -= GAP_WEEKS * 7 * DAY;
  return new Date(t);
}

const iso = (t: Date) => t.toISOString().slice(0, 10);
const at = (monday: Date, days: number, hours: number) =>
  new Date(monday.getTime() + days * DAY + hours * 3_600_000);

export interface SyntheticWeek {
  issue: IssueWrite;
  announcement: AnnouncementWrite;
  event: EventWrite | null;
  poll: PollWrite | null;
}

/** Week k of the synthetic archive: an issue, an announcement, every 2nd week an event, every 4th a poll. */
export function syntheticWeek(k: number, seed = 1, until = DEFAULT_UNTIL): SyntheticWeek {
  const d = new Dice(rng((seed * 2_654_435_761) ^ (k * 40_503 + 1)));
  const monday = weekStart(k, until);
  const volume = 100 + Math.floor(k / 52);
  const number = (k % 52) + 1;
  const topic = d.pick(TOPICS);
  const tags = ["synthetic", `topic-${topic}`];
  const person = () => d.pick(PEOPLE_SLUGS);
  const published = { status: "published" as const, publishedAtPrecision: "exact" as const, tags };

  const items = (kind: SectionKind, n: number) =>
    Array.from({ length: n }, (_, j) => ({
      title: `Synthetic ${kind} item ${j + 1}: ${d.pick(NOUNS)} ${d.pick(VERBS)} ${d.pick(NOUNS)}`,
      bodyMd: `${paragraph(d, d.int(1, 3))} [Read more](https://example.org/synthetic/${volume}/${number}/${kind}/${j + 1})`,
      url: `https://example.org/synthetic/${volume}/${number}/${kind}/${j + 1}`,
      people: d.sample(PEOPLE_SLUGS, d.int(0, 2)),
    }));

  const superstars = d.sample(PEOPLE_SLUGS, 3);
  let remaining = 100;
  const browserShares = BROWSERS.map((browser, i) => {
    const share =
      i === BROWSERS.length - 1 ? d.int(1, 8) : d.int(1, Math.max(1, Math.floor(remaining / 2)));
    remaining -= share;
    return { browser, share: `${share}.${String(d.int(0, 99)).padStart(2, "0")}` };
  });
  const visitors = d.int(20_000, 60_000);

  const issue: IssueWrite = {
    ...published,
    slug: `synthetic-weekly-vol-${volume}-no-${number}`,
    title: `Synthetic Weekly Vol ${volume} No ${number}`,
    publishedAt: at(monday, 0, 9),
    volume,
    number,
    summary: `Synthetic issue about ${topic}. ${sentence(d)}`,
    introMd: paragraph(d, 3),
    fullNewsletterUrl: `https://example.org/synthetic/${volume}/${number}`,
    sections: [
      { kind: "news", title: "Synthetic News", items: items("news", d.int(2, 4)) },
      { kind: "events", title: "Synthetic Events", items: items("events", d.int(1, 2)) },
      { kind: "products", title: "Synthetic Products", items: items("products", d.int(1, 3)) },
      {
        kind: "members",
        title: "Synthetic Members in Action",
        items: [
          {
            title: "Mailing Lists SuperStars",
            bodyMd: "Thanks to this week's most helpful posters.",
            people: superstars,
          },
        ],
      },
      {
        kind: "stats",
        title: "Synthetic Weekly Stats",
        items: [{ title: "Web Stats", bodyMd: `${visitors.toLocaleString("en-US")} visitors` }],
      },
    ],
    stats: {
      weekStart: iso(monday),
      weekEnd: iso(at(monday, 6, 0)),
      visitors,
      pageViews: visitors * d.int(2, 4),
      browserShares,
      mailingLists: LISTS.map((list) => ({
        list,
        posts: d.int(50, 600),
        url: `https://example.org/lists/${list}`,
      })),
      superstars,
      status: "published",
      publishedAt: at(monday, 0, 9),
    },
  };

  const isPress = k % 3 === 0;
  const announcement: AnnouncementWrite = {
    ...published,
    slug: `synthetic-announcement-${volume}-${number}`,
    title: `Synthetic ${isPress ? "Press Release" : "Feature List"} ${volume}.${number}: ${d.pick(NOUNS)}`,
    publishedAt: at(monday, 1, 10),
    kind: isPress ? "press_release" : k % 3 === 1 ? "feature_list" : "news",
    dateline: isPress ? `SYNTHETIC CITY, ${iso(at(monday, 1, 0))}` : null,
    summary: sentence(d),
    bodyMd: `${paragraph(d, 3)}\n\n${paragraph(d, 2)}`,
    sourceUrl: `https://example.org/synthetic/announcements/${volume}-${number}`,
    highlights: Array.from({ length: d.int(3, 8) }, (_, j) => ({
      title: `Highlight ${j + 1}: ${d.pick(NOUNS)} ${d.pick(VERBS)} ${d.pick(NOUNS)}`,
      detail: sentence(d),
      links: Array.from({ length: d.int(0, 2) }, (_, l) => ({
        title: `Synthetic wiki page ${l + 1}`,
        url: `https://example.org/wiki/synthetic-${volume}-${number}-${j}-${l}`,
      })),
    })),
    quotes: isPress
      ? [{ text: paragraph(d, 2), person: person(), role: "Synthetic spokesperson" }]
      : [],
  };

  let event: EventWrite | null = null;
  if (k % 2 === 0) {
    const starts = at(monday, 7 * d.int(1, 80), 16);
    const days = d.int(1, 3);
    const sessions = Array.from({ length: d.int(5, 30) }, (_, j) => ({
      title: `Synthetic talk ${j + 1}: ${d.pick(NOUNS)} ${d.pick(VERBS)} ${d.pick(NOUNS)}`,
      abstractMd: sentence(d),
      startsAt: new Date(starts.getTime() + j * 3_600_000),
      endsAt: new Date(starts.getTime() + (j + 1) * 3_600_000 - 600_000),
      room: `Room ${d.int(1, 4)}`,
      speakers: d.sample(PEOPLE_SLUGS, d.int(1, 2)),
    }));
    event = {
      ...published,
      slug: `synthetic-summit-${volume}-${number}`,
      title: `Synthetic Summit ${volume}.${number}`,
      publishedAt: at(monday, 2, 11),
      startsAt: starts,
      endsAt: at(starts, days, 0),
      timeZone: d.pick(["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "UTC"]),
      venue: `Synthetic Conference Centre ${d.int(1, 20)}`,
      descriptionMd: paragraph(d, 3),
      registrationUrl: `https://example.org/synthetic/register/${volume}-${number}`,
      price: { amount: `${d.int(0, 500)}.00`, currency: d.pick(CURRENCIES) },
      presentationCount: sessions.length,
      sessions,
      speakers: d.sample(PEOPLE_SLUGS, d.int(0, 3)),
    };
  }

  let poll: PollWrite | null = null;
  if (k % 4 === 0) {
    const opens = at(monday, 3, 12);
    poll = {
      ...published,
      slug: `synthetic-poll-${volume}-${number}`,
      title: `Synthetic Poll ${volume}.${number}`,
      publishedAt: opens,
      question: `Which ${d.pick(NOUNS)} should the community focus on next?`,
      descriptionMd: paragraph(d, 2),
      opensAt: opens,
      closesAt: at(opens, 7 * d.int(1, 60), 0),
      resultsVisibility: "always",
      resultsEvent: event?.slug ?? null,
      options: d
        .sample(OPTION_LABELS, d.int(2, 5))
        .map((label) => ({ label, votes: d.int(0, 500) })),
      credits: [{ person: person(), role: "Synthetic artwork" }],
    };
  }
  return { issue, announcement, event, poll };
}

export interface SyntheticOptions {
  count: number;
  seed?: number;
  until?: string;
  /** Weeks per transaction (default 100). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Insert `count` synthetic weeks, newest first, in batches of one transaction each.
 * Weeks already present (by issue slug) are skipped, so re-running is harmless.
 */
export async function seedSynthetic(
  db: Db,
  options: SyntheticOptions,
): Promise<{ inserted: number }> {
  const { count, seed = 1, until = DEFAULT_UNTIL, batchSize = 100 } = options;
  await db.transaction(async (tx) => {
    await insertMissingPeople(tx, syntheticPeople());
    await insertMissingTags(tx, syntheticTags());
  });
  let inserted = 0;
  for (let start = 0; start < count; start += batchSize) {
    const weeks = Array.from({ length: Math.min(batchSize, count - start) }, (_, j) =>
      syntheticWeek(start + j, seed, until),
    );
    const have = await existingSlugs(
      db,
      "issue",
      weeks.map((w) => w.issue.slug),
    );
    const fresh = weeks.filter((w) => !have.has(w.issue.slug));
    await db.transaction(async (tx) => {
      await createIssues(
        tx,
        fresh.map((w) => w.issue),
      );
      await createAnnouncements(
        tx,
        fresh.map((w) => w.announcement),
      );
      await createEvents(
        tx,
        fresh.flatMap((w) => (w.event ? [w.event] : [])),
      );
      await createPolls(
        tx,
        fresh.flatMap((w) => (w.poll ? [w.poll] : [])),
      );
    });
    inserted += fresh.length;
    options.onProgress?.(start + weeks.length, count);
  }
  return { inserted };
}

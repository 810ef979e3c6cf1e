/**
 * The April 2010 Xen.org newsletter archive ("Monthly Archives: April 2010"), fact for fact
 * from ../shared/seed/000_a13f123034fe9c46.txt.
 *
 * What the source does not state is null here, never invented. Where a non-null value is
 * required but the source is vague, the choice and its basis are noted beside it:
 * - Publication times: the source gives the month and the archive order (newest first:
 *   issue, feature list, press release, mascot poll, summit agenda) and one day, the press
 *   release's dateline 4/13/2010. Entries are placed on that day, an hour apart in archive
 *   order, and `publishedAtPrecision` says what is actually known ("day" or "month").
 * - Links the page lost (the complete newsletter, the press release, registration, concept
 *   images, "more information:", "Xen Cloud Platform:") are null or left out.
 * - The feature list's wiki links name their pages (blktap2, XenPCIpassthrough, …); the
 *   address is the Xen wiki's of the time, http://wiki.xensource.com/xenwiki/<Page>.
 * - Tags are editorial classification added for the seed (the source has none).
 */
import type { AnnouncementWrite } from "../src/content/announcement/writes.js";
import type { EventWrite } from "../src/content/event/writes.js";
import type { IssueWrite } from "../src/content/issue/writes.js";
import type { PersonWrite } from "../src/content/people/writes.js";
import type { PollWrite } from "../src/content/poll/writes.js";
import type { TagRow } from "../src/content/tags/reads.js";

const WIKI = "http://wiki.xensource.com/xenwiki/";
const wiki = (page: string) => ({ title: page, url: `${WIKI}${page}` });
/** Hour `h` (UTC) of 13 April 2010, the one day the source dates. */
const april13 = (h: number) => new Date(Date.UTC(2010, 3, 13, h, 0, 0));

export const people: PersonWrite[] = [
  { slug: "tapas-mishra", name: "Tapas Mishra" },
  { slug: "nick-couchman", name: "Nick Couchman" },
  { slug: "grant-mcwilliams", name: "Grant McWilliams" },
  { slug: "christoph-egger", name: "Christoph Egger" },
  { slug: "ian-pratt", name: "Ian Pratt" },
  {
    slug: "brian-j-hall",
    name: "Brian J. Hall",
    bio: "Brian J. Hall is a freelance artist, illustrator, animator, programmer and web developer.",
  },
];

export const tags: TagRow[] = [
  { slug: "newsletter", name: "Newsletter" },
  { slug: "xen-4-0", name: "Xen 4.0" },
  { slug: "xen-summit", name: "Xen Summit" },
  { slug: "mascot", name: "Mascot" },
];

export const issues: IssueWrite[] = [
  {
    slug: "weekly-newsletter-vol-10-no-15",
    title: "Weekly Newsletter Vol 10 No 15",
    status: "published",
    publishedAt: april13(12),
    publishedAtPrecision: "month",
    tags: ["newsletter"],
    volume: 10,
    number: 15,
    summary: null,
    introMd:
      "Welcome to the new weekly newsletter with a variety of information to keep you updated on all things Xen. This newsletter is an upgrade from my previous weekly communications and is meant to offer a broader scope of activities. Please feel free to contact me with suggestions for the newsletter.",
    // "The complete newsletter with all data including the summary of all
    // xen-users/xen-devel/xen-api mailing lists can be found at" — the link is lost.
    fullNewsletterUrl: null,
    // The source's News, Events and Products sections survive as headings only.
    sections: [
      { kind: "news", title: "Xen News", items: [] },
      { kind: "events", title: "Xen Events", items: [] },
      { kind: "products", title: "Xen Products", items: [] },
      {
        kind: "members",
        title: "Xen Members in Action",
        items: [
          {
            title: "Thanks to Tapas Mishra for his new VERY detailed Wiki Page",
            bodyMd: "(see Xen Products section for link)",
            people: ["tapas-mishra"],
          },
          {
            title: "Mailing Lists SuperStars",
            bodyMd: "Nick Couchman, Grant McWilliams, & Christoph Egger",
            people: ["nick-couchman", "grant-mcwilliams", "christoph-egger"],
          },
        ],
      },
      {
        kind: "stats",
        title: "Xen Weekly Stats",
        items: [
          {
            title: "Web Stats",
            bodyMd: "31,804 visitors; 102,722 Page Views; 4.26% users ran Opera",
          },
        ],
      },
    ],
    stats: {
      // The source gives no dates for the week; Vol 10 No 15 is read as ISO week 15 of 2010.
      weekStart: "2010-04-12",
      weekEnd: "2010-04-18",
      visitors: 31_804,
      pageViews: 102_722,
      browserShares: [{ browser: "Opera", share: "4.26" }],
      mailingLists: [{ list: "xen-users" }, { list: "xen-devel" }, { list: "xen-api" }],
      superstars: ["nick-couchman", "grant-mcwilliams", "christoph-egger"],
      status: "published",
      publishedAt: april13(12),
    },
  },
];

export const announcements: AnnouncementWrite[] = [
  {
    slug: "xen-4-0-feature-list",
    title: "Xen 4.0 Feature List",
    status: "published",
    publishedAt: april13(11),
    publishedAtPrecision: "month",
    tags: ["xen-4-0"],
    kind: "feature_list",
    dateline: null,
    summary: null,
    bodyMd:
      "Here is the complete Xen 4.0 feature list:\n\nThanks again to the community for their outstanding efforts in developing this important community release.",
    sourceUrl: null,
    // 17 bullets, the last being "And more..". Text is verbatim, typos included.
    highlights: [
      {
        title: "Better performance and scalability",
        detail:
          "128 vcpus per guest, 1 TB of RAM per host, 128 physical CPUs per host (as a default, can be compile-time increased to lots more).",
      },
      {
        title: "blktap2 for VHD image support, including high-performance snapshots and cloning.",
        links: [wiki("blktap2")],
      },
      {
        title:
          "Improved IOMMU PCI passthru using hardware accelerated IO virtualization techiques (Intel VT-d and AMD IOMMU).",
        links: [wiki("XenPCIpassthrough"), wiki("VTdHowTo")],
      },
      {
        title:
          "VGA primary graphics card passthru support to an HVM guest for high performance graphics using direct access to the graphics card GPU from the guest OS.",
        links: [wiki("XenVGAPassthrough")],
      },
      {
        // Followed by "more information:" whose link is lost.
        title:
          "TMEM allows improved utilization of unused (for example page cache) PV guest memory.",
      },
      {
        title: "Memory page sharing and page-to-disc for HVM guests",
        detail:
          "Copy-on-Write sharing of identical memory pages between VMs.This is an initial implementation and will be improved in upcoming releases.",
      },
      {
        title: "New Linux pvops dom0 kernel 2.6.31.x as a default, 2.6.32.x also available.",
        detail:
          "You can also use linux-2.6.18-xen dom0 kernel with Xen 4.0 hypervisor if you want.",
        links: [wiki("XenDom0Kernels")],
      },
      {
        title:
          "Netchannel2 for improved networking acceleration features and performance, smart NICs, multi-queue support and SR-IOV functionality.",
      },
      { title: "Online resize of guest disks without reboot/shutdown." },
      {
        title: "Remus Fault Tolerance",
        detail:
          "Live transactional synchronization of VM state between physical servers. run guests synchronized on multiple hosts simultaneously for preventing downtime from hardware failures.",
      },
      { title: "RAS features", detail: "physical cpu/memory hotplug." },
      {
        title: "Libxenlight (libxl)",
        detail:
          "a new C library providing higher-level control of Xen that can be shared between various Xen management toolstacks.",
      },
      {
        title: "PV-USB",
        detail:
          "Paravirtual high-performance USB passthru to both PV and HVM guests, supporting USB 2.0 devices.",
        links: [wiki("XenUSBPassthrough")],
      },
      { title: "gdbsx", detail: "debugger to debug ELF guests" },
      {
        // Followed by "Xen Cloud Platform:" whose link is lost.
        title:
          "Support for Citrix WHQL-certified Windows PV drivers, included in XCP (Xen Cloud Platform).",
      },
      {
        title: "Pygrub improvements",
        detail:
          "Support for PV guests using GRUB2, Support for guest /boot on ext4 filesystem, Support for bzip2- and lzma-compressed bzImage kernels",
      },
      { title: "And more.." },
    ],
  },
  {
    slug: "xen-org-announces-xen-4-0-availability",
    title: "Xen.org Announces Xen 4.0 Availability",
    status: "published",
    publishedAt: april13(10),
    publishedAtPrecision: "day",
    tags: ["xen-4-0"],
    kind: "press_release",
    dateline: "CAMBRIDGE, UK, 4/13/2010",
    summary: null,
    // The source's linked "Xen.org" before ", the home of…" lost its text; the title names it.
    bodyMd: [
      "Xen.org, the home of the open source Xen® hypervisor, today announced the availability of Xen 4.0, the most advanced open source hypervisor software available. The release is the collective effort of a global development team representing more than 50 leading technology vendors, universities, and virtualization experts. Leveraging the latest network cards optimized for virtualization, Xen 4.0 provides users substantial performance and scalability gains for any level of enterprise or cloud application workload.",
      "Xen 4.0 adds significant memory and security optimizations that will drive virtualization infrastructure to an entirely new class of performance.  As a result, virtualization is made suitable for all workloads, even network intensive and high performance computing applications that would have previously experienced compromised performance on any hypervisor. Xen 4.0 enables virtualization to be deployed ubiquitously, across every server in a datacenter, bringing ease of management, secure architecture, high availability, agility and efficiency to all applications.",
    ].join("\n\n"),
    // "The complete press release is here." — the link is lost.
    sourceUrl: null,
    quotes: [
      {
        text: "The explosion of cloud computing in the industry and increasing demands from enterprise customers are the driving force behind the continued technology advancement of the Xen community.  The Xen hypervisor already powers most of the world’s largest clouds and our customer base expects the Xen community to set the pace in virtualization infrastructure.  Xen 4.0 delivers on these expectations.",
        person: "ian-pratt",
        role: "founder and chairman of Xen.org",
      },
    ],
  },
];

export const events: EventWrite[] = [
  {
    slug: "xen-summit-north-america-at-amd-agenda-announced",
    title: "Xen Summit North America at AMD – Agenda Announced",
    name: "Xen Summit North America at AMD",
    status: "published",
    publishedAt: april13(8),
    publishedAtPrecision: "month",
    tags: ["xen-summit"],
    // April 28–29, 2010, two whole days; the source gives no times and no zone.
    startsAt: new Date(Date.UTC(2010, 3, 28)),
    endsAt: new Date(Date.UTC(2010, 3, 30)),
    allDay: true,
    timeZone: null,
    venue: "AMD",
    descriptionMd: [
      "The final (or just about final) agenda for Xen Summit North America at AMD is now available. The agenda has 26 presentations over 2 days (April 28-29) and provides attendees with a variety of topics of interest to the community. Speaker profiles and topic abstracts are also now available for your consumption.",
      "You can register for $235.",
    ].join("\n\n"),
    // "You can register for $235 at" — the registration link is lost.
    registrationUrl: null,
    price: { amount: "235.00", currency: "USD" },
    presentationCount: 26,
    // The 26 talk titles and the speakers' names are not in the source.
    sessions: [],
    speakers: [],
  },
];

export const polls: PollWrite[] = [
  {
    slug: "mascot-contest-vote-for-your-favorite",
    title: "Mascot Contest – Vote for your favorite",
    status: "published",
    publishedAt: april13(9),
    publishedAtPrecision: "month",
    tags: ["mascot", "xen-summit"],
    question: "Vote for your favorite",
    descriptionMd: [
      "Xen Community:",
      "Welcome to the final voting in the Mascot Contest. The three final ideas: Bonsai Tree, Panda, and Zen Penguin have all been converted to some concept images to better help you visualize the concepts. Once a winner is chosen, the community can provide input to the artist as we create the final Mascot.",
      "I plan to leave voting open until April 28, 2010 and will announce the winner at Xen Summit North America at AMD on April 29th.",
      "Thanks to Brian Hall for his great drawings of the three finalists.",
    ].join("\n\n"),
    // Open from publication; "until April 28, 2010" read as the last second of that day, UTC.
    opensAt: null,
    closesAt: new Date(Date.UTC(2010, 3, 28, 23, 59, 59)),
    resultsVisibility: "always",
    resultsEvent: "xen-summit-north-america-at-amd-agenda-announced",
    resultsAnnouncedOn: "2010-04-29",
    // Each had a concept image; the image addresses are lost. No vote counts survive.
    countsUnknownReason: "not_recorded",
    options: [{ label: "Bonsai Tree" }, { label: "Panda Bear" }, { label: "Zen Penguin" }],
    credits: [{ person: "brian-j-hall", role: "drawings of the three finalists" }],
  },
];

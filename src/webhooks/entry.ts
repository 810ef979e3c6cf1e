/**
 * The entry a delivery carries, as readers see it: the card fields of the GraphQL `Content`
 * interface and its feed links, read through the app's own schema as an anonymous reader, so
 * a partner need not call back and never sees more than the public does. An entry out of
 * public view (unpublished, deleted, a draft again) is sent as a tombstone.
 */
import { type DocumentNode, Kind, parse, type SelectionSetNode } from "graphql";
import type { ContentEvent } from "../bus/events.js";
import { encodeEntryId } from "../read/ids.js";
import { type EntryTypename, TYPE_NAMES } from "../registry.js";
import type { KeyOrder } from "./key-order.js";

/** Runs a document as an anonymous reader (src/http/in-process.ts); errors come back, not thrown. */
export type RunQuery = (
  document: DocumentNode,
  variables: Record<string, unknown>,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly Error[] }>;

/** The one home of the card's shape: what is sent, and in which key order. */
const ENTRY_QUERY = parse(`
  query WebhookEntry($id: ID!) { node(id: $id) { ...WebhookEntry } }
  fragment WebhookEntry on Content {
    id
    type: __typename
    slug
    title
    url
    publishedAt
    excerpt
    body { html text }
    coverImage { url alt width height }
    seo { title description image { url alt width height } }
    readingTime
    authors { slug name url }
    tags { slug name }
    feeds { title url format stream }
  }
`);

interface Image {
  url: string;
  alt: string | null;
  width: number | null;
  height: number | null;
}

/** An entry the public can read, as the fragment above selects it. */
export interface EntryCard {
  id: string;
  type: EntryTypename;
  slug: string;
  title: string;
  url: string;
  publishedAt: string | null;
  excerpt: string;
  body: { html: string; text: string } | null;
  coverImage: Image | null;
  seo: { title: string; description: string; image: Image | null };
  readingTime: number;
  authors: { slug: string; name: string; url: string | null }[];
  tags: { slug: string; name: string }[];
  feeds: { title: string; url: string; format: string; stream: string }[];
  visible: true;
}

/** An entry out of public view: enough to find and remove the partner's copy. */
export interface EntryTombstone {
  id: string;
  type: EntryTypename;
  slug: string;
  visible: false;
  /** When it left public view. */
  removedAt: string;
}

export type WebhookEntry = EntryCard | EntryTombstone;

/** The fragment's fields in its order, then what the card and the tombstone add. */
export const ENTRY_KEY_ORDER: KeyOrder = [
  ...selectionOrder(fragmentSelection()),
  "visible",
  "removedAt",
];

/**
 * The entry of an event as an anonymous reader sees it at `now`. The removal's time is the
 * event's for `unpublished`/`deleted`; an entry already gone again when its `published` or
 * `updated` event is queued was gone by `now`. A failed read throws: a tombstone sent in
 * error would have partners remove a live page.
 */
export async function entryAsReadersSee(
  run: RunQuery,
  event: ContentEvent,
  now: Date,
): Promise<WebhookEntry> {
  const result = await run(ENTRY_QUERY, { id: encodeEntryId(event.type, event.id) });
  if (result.errors?.length)
    throw new AggregateError(
      result.errors,
      `could not read the entry: ${result.errors[0]?.message}`,
    );
  // Shaped by ENTRY_QUERY against the schema (validated on first use).
  const card = result.data?.node as Omit<EntryCard, "visible"> | null | undefined;
  if (card) return { ...card, visible: true };
  const removed = event.kind === "unpublished" || event.kind === "deleted";
  return tombstone(event, removed ? event.at : now);
}

export function tombstone(
  entry: Pick<ContentEvent, "type" | "id" | "slug">,
  removedAt: Date,
): EntryTombstone {
  return {
    id: encodeEntryId(entry.type, entry.id),
    type: TYPE_NAMES[entry.type].typename,
    slug: entry.slug,
    visible: false,
    removedAt: removedAt.toISOString(),
  };
}

function fragmentSelection(): SelectionSetNode {
  const fragment = ENTRY_QUERY.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  if (!fragment || fragment.kind !== Kind.FRAGMENT_DEFINITION) throw new Error("no fragment");
  return fragment.selectionSet;
}

/** The response keys of a selection, in order, with the order inside each object field. */
function selectionOrder(selection: SelectionSetNode): KeyOrder {
  return selection.selections.flatMap((s) => {
    if (s.kind !== Kind.FIELD) return [];
    const key = s.alias?.value ?? s.name.value;
    return [s.selectionSet ? ([key, selectionOrder(s.selectionSet)] as const) : key];
  });
}

import { index, integer, pgTable, primaryKey } from "drizzle-orm/pg-core";
import { content } from "../../read/table.js";
import { people } from "../people/table.js";

/** An entry's byline: who wrote it, in the order the byline names them. */
export const contentAuthors = pgTable(
  "content_authors",
  {
    contentId: integer("content_id")
      .notNull()
      .references(() => content.id, { onDelete: "cascade" }),
    // A person who wrote something stays while it is in the archive.
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contentId, t.personId] }),
    index("content_authors_person_idx").on(t.personId, t.contentId),
  ],
);

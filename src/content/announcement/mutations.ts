/** Announcement inputs and mutations (scope editor). */
import { builder, type InputFields } from "../../graphql/builder.js";
import { entryInputFields, entryMutations } from "../entry/mutations.js";
import { AnnouncementKindEnum, AnnouncementRef } from "./graphql.js";
import { announcementKind } from "./kind.js";

const LinkInput = builder.inputType("LinkInput", {
  fields: (t) => ({ title: t.string({ required: true }), url: t.string({ required: true }) }),
});

const HighlightInput = builder.inputType("HighlightInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    detail: t.string(),
    links: t.field({ type: [LinkInput] }),
  }),
});

const QuoteInput = builder.inputType("QuoteInput", {
  fields: (t) => ({
    text: t.string({ required: true }),
    person: t.string({ required: true, description: "Person slug." }),
    role: t.string(),
  }),
});

function announcementFields(t: InputFields, required: boolean) {
  return {
    ...entryInputFields(t, required),
    kind: t.field({ type: AnnouncementKindEnum, required }),
    dateline: t.string(),
    summary: t.string(),
    body: t.string({ description: "Markdown." }),
    sourceUrl: t.string(),
    highlights: t.field({ type: [HighlightInput] }),
    quotes: t.field({ type: [QuoteInput] }),
  };
}

entryMutations({
  kind: announcementKind,
  ref: AnnouncementRef,
  input: builder.inputType("AnnouncementInput", { fields: (t) => announcementFields(t, true) }),
  patch: builder.inputType("AnnouncementPatch", { fields: (t) => announcementFields(t, false) }),
});

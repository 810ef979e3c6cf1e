/**
 * Issue inputs and mutations (scope editor): a create input with required fields required, a
 * patch with everything optional (present fields replace stored ones, lists whole, null clears).
 */
import { builder, type InputFields } from "../../graphql/builder.js";
import { entryInputFields, entryMutations } from "../entry/mutations.js";
import { WeeklyStatsInputRef } from "../stats/mutations.js";
import { IssueRef, SectionKindEnum } from "./graphql.js";
import { issueKind } from "./kind.js";

const SectionItemInput = builder.inputType("SectionItemInput", {
  fields: (t) => ({
    title: t.string(),
    body: t.string({ description: "Markdown." }),
    url: t.string(),
    people: t.stringList({ description: "Person slugs." }),
    related: t.id({ description: "Global id of the archive entry the item is about." }),
  }),
});

const IssueSectionInput = builder.inputType("IssueSectionInput", {
  fields: (t) => ({
    kind: t.field({ type: SectionKindEnum, required: true }),
    title: t.string({ required: true }),
    items: t.field({ type: [SectionItemInput] }),
  }),
});

function issueFields(t: InputFields, required: boolean) {
  return {
    ...entryInputFields(t, required),
    volume: t.int({ required }),
    number: t.int({ required }),
    summary: t.string(),
    intro: t.string({ description: "Markdown." }),
    fullNewsletterUrl: t.string(),
    sections: t.field({ type: [IssueSectionInput] }),
    stats: t.field({ type: WeeklyStatsInputRef }),
  };
}

entryMutations({
  kind: issueKind,
  ref: IssueRef,
  input: builder.inputType("IssueInput", { fields: (t) => issueFields(t, true) }),
  patch: builder.inputType("IssuePatch", { fields: (t) => issueFields(t, false) }),
});

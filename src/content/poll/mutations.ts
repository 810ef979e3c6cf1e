/** Poll inputs and mutations (scope editor). */
import { builder, type InputFields } from "../../graphql/builder.js";
import { entryInputFields, entryMutations } from "../entry/mutations.js";
import { PollRef, ResultsVisibilityEnum } from "./graphql.js";
import { pollKind } from "./kind.js";

const PollOptionInput = builder.inputType("PollOptionInput", {
  fields: (t) => ({ label: t.string({ required: true }), imageUrl: t.string() }),
});

const PollCreditInput = builder.inputType("PollCreditInput", {
  fields: (t) => ({
    person: t.string({ required: true, description: "Person slug." }),
    role: t.string(),
  }),
});

function pollFields(t: InputFields, required: boolean) {
  return {
    ...entryInputFields(t, required),
    question: t.string({ required }),
    description: t.string({ description: "Markdown." }),
    opensAt: t.field({ type: "DateTime" }),
    closesAt: t.field({ type: "DateTime" }),
    resultsVisibility: t.field({ type: ResultsVisibilityEnum }),
    resultsEvent: t.id({ description: "Global id of the event where results are announced." }),
    resultsAnnouncedOn: t.field({ type: "Date" }),
    countsRecorded: t.boolean({
      description:
        "False for an archived poll whose counts were never recorded: everyone sees null counts (NOT_RECORDED). Needs closesAt. Default true.",
    }),
    options: t.field({ type: [PollOptionInput], required }),
    credits: t.field({ type: [PollCreditInput] }),
  };
}

entryMutations({
  kind: pollKind,
  ref: PollRef,
  input: builder.inputType("PollInput", { fields: (t) => pollFields(t, true) }),
  patch: builder.inputType("PollPatch", { fields: (t) => pollFields(t, false) }),
});

/** Event inputs and mutations (scope editor). */
import { builder, type InputFields } from "../../graphql/builder.js";
import { entryInputFields, entryMutations } from "../entry/mutations.js";
import { EventRef } from "./graphql.js";
import { eventKind } from "./kind.js";

const MoneyInput = builder.inputType("MoneyInput", {
  fields: (t) => ({
    amount: t.string({ required: true, description: 'Decimal, up to two places: "235.00".' }),
    currency: t.string({ required: true, description: "ISO 4217 code." }),
  }),
});

const EventSessionInput = builder.inputType("EventSessionInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    abstract: t.string({ description: "Markdown." }),
    startsAt: t.field({ type: "DateTime" }),
    endsAt: t.field({ type: "DateTime" }),
    room: t.string(),
    speakers: t.stringList({ description: "Person slugs." }),
  }),
});

function eventFields(t: InputFields, required: boolean) {
  return {
    ...entryInputFields(t, required),
    name: t.string({
      description:
        "The event's own name, when the title is a headline about it (calendars and feeds use it).",
    }),
    startsAt: t.field({ type: "DateTime", required }),
    endsAt: t.field({ type: "DateTime", required }),
    allDay: t.boolean(),
    timeZone: t.string({ description: "IANA zone, e.g. Europe/Berlin." }),
    venue: t.string(),
    description: t.string({ description: "Markdown." }),
    registrationUrl: t.string(),
    price: t.field({ type: MoneyInput }),
    presentationCount: t.int(),
    sessions: t.field({ type: [EventSessionInput] }),
    speakers: t.stringList({ description: "Person slugs." }),
  };
}

entryMutations({
  kind: eventKind,
  ref: EventRef,
  input: builder.inputType("EventInput", { fields: (t) => eventFields(t, true) }),
  patch: builder.inputType("EventPatch", { fields: (t) => eventFields(t, false) }),
});

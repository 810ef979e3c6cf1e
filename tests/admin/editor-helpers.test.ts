/**
 * The /admin editors' shared pieces that need no browser: the one reading of a save's
 * outcome, the field-by-field comparison of a conflict, and list moves (the browser test
 * drives them through the editors).
 */
import { describe, expect, it } from "vitest";
import { differences, pathLabel } from "../../src/admin/client/compare.js";
import { moveBy, requiredInt, textAt } from "../../src/admin/client/form-values.js";
import { saveOutcome } from "../../src/admin/client/save-outcome.js";

describe("the editors' save outcome", () => {
  it("reads saved, invalid, conflict and other answers", () => {
    const entry = { id: "1" };
    expect(saveOutcome({ __typename: "UpdateIssueSuccess", entry })).toEqual({
      kind: "saved",
      entry,
    });
    expect(
      saveOutcome({
        __typename: "ValidationError",
        message: "invalid",
        fieldErrors: [
          { path: ["patch", "sections", "0", "title"], message: "required" },
          { path: ["patch", "sections", "0", "title"], message: "too short" },
        ],
      }),
    ).toEqual({ kind: "invalid", errors: { "sections.0.title": "required; too short" } });
    expect(saveOutcome({ __typename: "ConflictError", message: "changed" })).toEqual({
      kind: "conflict",
    });
    expect(saveOutcome({ __typename: "NotFoundError", message: "gone" })).toEqual({
      kind: "failed",
      message: "gone",
    });
  });
});

describe("the conflict's comparison", () => {
  it("lists each differing field, nested ones by their path", () => {
    const mine = {
      title: "Vol 11",
      tags: ["xen"],
      sections: [{ title: "News", items: [{ title: "A", people: ["ian-pratt"] }] }],
    };
    const theirs = {
      title: "Vol 11",
      tags: ["xen", "summit"],
      sections: [
        { title: "News", items: [{ title: "B", people: ["ian-pratt"] }] },
        { title: "Events", items: [] },
      ],
    };
    expect(differences(mine, theirs, { tags: "Tags", sections: "Sections" })).toEqual([
      { label: "Tags", mine: "xen", theirs: "xen, summit" },
      { label: "Sections 1 › Items 1 › Title", mine: "A", theirs: "B" },
      { label: "Sections 2 › Title", mine: "—", theirs: "Events" },
      { label: "Sections 2 › Items", mine: "—", theirs: "—" },
    ]);
    expect(differences(mine, structuredClone(mine), {})).toEqual([]);
  });

  it("names paths for people", () => {
    expect(pathLabel(["stats", "browserShares", 1, "share"], { stats: "Stats" })).toBe(
      "Stats › Browser shares 2 › Share",
    );
    expect(pathLabel(["fullNewsletterUrl"], {})).toBe("Full newsletter URL");
  });
});

describe("form values", () => {
  it("moves list items within bounds", () => {
    expect(moveBy(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveBy(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    const list = ["a", "b"];
    expect(moveBy(list, 0, -1)).toBe(list);
  });
  it("sends required whole numbers so the API can judge them", () => {
    expect(requiredInt("12")).toBe(12);
    expect(requiredInt("")).toBe(0);
    expect(requiredInt("1.5")).toBe(0);
    expect(textAt({ sections: [{ items: [{ body: "md" }] }] }, "sections.0.items.0.body")).toBe(
      "md",
    );
  });
});

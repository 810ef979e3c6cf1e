/**
 * The keyboard of an ARIA 1.2 combobox whose input keeps focus (aria-activedescendant): arrows
 * move through the options (and open the list), Enter chooses the active one instead of
 * submitting the form, Escape closes. Shared by the people/tag and entry pickers.
 */
import { useState } from "preact/hooks";

export function useCombobox(count: number, choose: (index: number) => void) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const shown = open && count > 0;
  /** Handles the combobox's keys; true when the key was its. */
  const onKey = (e: KeyboardEvent): boolean => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      const n = count || 1;
      setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : (a - 1 + n) % n));
      return true;
    }
    if (e.key === "Enter" && shown) {
      e.preventDefault(); // choose, do not submit the form
      choose(active);
      return true;
    }
    if (e.key === "Escape" && shown) {
      e.preventDefault();
      setOpen(false);
      return true;
    }
    return false;
  };
  /** After typing: the list opens at its first option. */
  const typed = () => {
    setOpen(true);
    setActive(0);
  };
  const close = () => {
    setOpen(false);
    setActive(0);
  };
  /** The input's combobox attributes: its list, and the option the arrow keys are on. */
  const inputAttributes = (listId: string, optionId: (index: number) => string) => ({
    type: "text",
    role: "combobox" as const,
    autoComplete: "off",
    "aria-autocomplete": "list" as const,
    "aria-expanded": shown,
    "aria-controls": listId,
    "aria-activedescendant": shown ? optionId(active) : undefined,
  });
  return { shown, active, onKey, typed, close, inputAttributes };
}

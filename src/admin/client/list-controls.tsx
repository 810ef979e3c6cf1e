/** Move up, move down and remove buttons for one item of a list in a form, keyboard usable. */

/**
 * `what` names the item in the buttons' labels ("section 2"); `idBase` + index gives the buttons
 * ids, so focus follows the item it moved.
 */
export function ItemControls(props: {
  what: string;
  idBase: string;
  index: number;
  count: number;
  move(by: number): void;
  remove(): void;
}) {
  const { index, count, idBase } = props;
  const moved = (by: number, dir: "up" | "down") => {
    props.move(by);
    requestAnimationFrame(() => {
      const other = dir === "up" ? "down" : "up";
      const button = document.getElementById(`${idBase}-${index + by}-${dir}`) as HTMLButtonElement;
      const target = button?.disabled
        ? document.getElementById(`${idBase}-${index + by}-${other}`)
        : button;
      target?.focus();
    });
  };
  return (
    <div class="actions item-controls">
      <button
        type="button"
        class="small"
        id={`${idBase}-${index}-up`}
        disabled={index === 0}
        onClick={() => moved(-1, "up")}
      >
        Move {props.what} up
      </button>
      <button
        type="button"
        class="small"
        id={`${idBase}-${index}-down`}
        disabled={index === count - 1}
        onClick={() => moved(1, "down")}
      >
        Move {props.what} down
      </button>
      <button type="button" class="small" onClick={props.remove}>
        Remove {props.what}
      </button>
    </div>
  );
}

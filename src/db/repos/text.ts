/**
 * Postgres text cannot hold a NUL character and refuses such a parameter outright, so a
 * lookup by a string holding one could only ever find nothing: say so without asking.
 */
export const cannotMatch = (value: string): boolean => value.includes("\u0000");

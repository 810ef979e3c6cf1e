/**
 * C0 control characters other than tab, line feed and carriage return, and DEL: never
 * meaningful in stored text, illegal in XML 1.0, and a favourite of injection payloads.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Line breaks of any kind: a one-line field holding one could start a line of its own. */
export const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/**
 * WordPress post content → plain HTML: block comments (`<!-- wp:paragraph -->`) go, the
 * shortcodes WordPress itself ships are expanded (`[caption]` → image and caption, `[gallery]`
 * → its images, `[embed]`/`[video]`/`[audio]` → a link), other shortcodes are removed with
 * their content kept and a warning, and classic-editor text gets its paragraphs (wpautop).
 */

/** Attachment id → URL (from the export's attachments), for galleries. */
export type Attachments = ReadonlyMap<string, string>;

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g))
    found[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  return found;
}

const BLOCK =
  /^<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|dl|section|article|iframe|!--)/i;

/** wpautop, simplified: blank lines part paragraphs, single newlines inside one are breaks. */
function autop(html: string): string {
  return html
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, "<br>\n")}</p>`))
    .join("\n");
}

/** A `[name …]…[/name]` or `[name …]` shortcode in text (`[[x]]` is WordPress's escape). */
const SHORTCODE = /\[(\/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)\]/gi;

const KNOWN = new Set(["caption", "wp_caption", "gallery", "embed", "video", "audio"]);

/** Expand or remove shortcodes; `warn` hears each unknown one once per post. */
function shortcodes(html: string, attachments: Attachments, warn: (m: string) => void): string {
  let out = html.replace(
    /\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi,
    (_all, _name: string, attrs: string, inner: string) => {
      const img = inner.match(/<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/i)?.[0] ?? "";
      const caption = (attributes(attrs).caption ?? inner.replace(img, "")).trim();
      return `<figure>${img}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
    },
  );
  out = out.replace(/\[gallery([^\]]*)\]/gi, (_all, attrs: string) => {
    const ids = (attributes(attrs).ids ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const urls = ids.map((id) => attachments.get(id)).filter((u): u is string => Boolean(u));
    if (urls.length < ids.length || ids.length === 0)
      warn(
        `[gallery]: ${ids.length - urls.length} of ${ids.length} images not among the attachments`,
      );
    return urls.map((u) => `<p><img src="${escapeHtml(u)}" alt=""></p>`).join("\n");
  });
  out = out.replace(
    /\[(embed|video|audio)([^\]]*)\]([\s\S]*?)\[\/\1\]|\[(video|audio)([^\]]*)\]/gi,
    (_all, n1: string, a1: string, inner: string, n2: string, a2: string) => {
      const name = (n1 ?? n2) as string;
      const attrs = attributes(a1 ?? a2 ?? "");
      const url = (inner ?? "").trim() || attrs.src || attrs.mp4 || attrs.mp3 || "";
      return url
        ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`
        : `<!-- ${name} -->`;
    },
  );
  const unknown = new Set<string>();
  out = out.replace(SHORTCODE, (all, _close: string, name: string, _attrs: string, at: number) => {
    // `[[name]]` shows a shortcode literally; WordPress prints it without the outer brackets.
    if (out[at - 1] === "[" && out[at + all.length] === "]") return all;
    if (KNOWN.has(name.toLowerCase())) return "";
    // Plain bracketed words ("[sic]", "[1]") are text, not shortcodes: only a name with
    // attributes, or one that is closed somewhere, is taken as a shortcode.
    const closed = new RegExp(`\\[/${name}\\]`, "i").test(out);
    if (!_attrs.includes("=") && !closed && !_close) return all;
    unknown.add(name);
    return "";
  });
  out = out.replace(/\[\[([^\]]+)\]\]/g, "[$1]");
  for (const name of unknown) warn(`unknown shortcode [${name}] removed (its content kept)`);
  return out;
}

/** WordPress `content:encoded` → HTML ready for htmlToMarkdown. */
export function wordpressHtml(
  raw: string,
  attachments: Attachments,
  warn: (message: string) => void,
): string {
  const blocks = /<!--\s*\/?wp:/.test(raw);
  const withoutBlocks = raw.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, "");
  const expanded = shortcodes(withoutBlocks, attachments, warn);
  // Block-editor content has its own <p>s; classic content relies on WordPress adding them.
  return blocks ? expanded : autop(expanded);
}

// A synthetic WordPress export for measuring imports: `npx tsx tests/import/generate-wxr.ts
// 10000 /tmp/10k.xml`, then `/usr/bin/time -v npm run import:wordpress -- /tmp/10k.xml`.
// Clearly synthetic: numbered posts with a few paragraphs, a list, an image, a caption
// shortcode, two categories and three tags from small pools, two authors, every 10th a draft.

import { once } from "node:events";
import { createWriteStream } from "node:fs";

const [countArg, out] = process.argv.slice(2);
const count = Number(countArg ?? 10_000);
if (!out || !(count > 0)) {
  process.stderr.write("usage: tsx tests/import/generate-wxr.ts <posts> <out.xml>\n");
  process.exit(2);
}
const file = createWriteStream(out);
const write = async (text: string) => {
  if (!file.write(text)) await once(file, "drain");
};
const pad = (n: number) => String(n).padStart(2, "0");
const CATEGORIES = ["news", "releases", "community", "security", "events-recap"];
const TAGS = Array.from({ length: 40 }, (_, i) => `topic-${i + 1}`);

await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Synthetic blog</title><link>https://synthetic.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://synthetic.example.org</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[alice]]></wp:author_login><wp:author_display_name><![CDATA[Alice Example]]></wp:author_display_name></wp:author>
<wp:author><wp:author_login><![CDATA[bob]]></wp:author_login><wp:author_display_name><![CDATA[Bob Example]]></wp:author_display_name></wp:author>
`);
for (let i = 1; i <= count; i++) {
  const t = new Date(Date.UTC(2005, 0, 1) + i * 3_600_000 * 7);
  const date = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:00:00`;
  const cats = [CATEGORIES[i % 5], CATEGORIES[(i + 2) % 5]];
  const tags = [TAGS[i % 40], TAGS[(i * 7) % 40], TAGS[(i * 13) % 40]];
  await write(`<item><title>Synthetic post ${i}</title>
<link>https://synthetic.example.org/${i}/</link>
<dc:creator><![CDATA[${i % 2 ? "alice" : "bob"}]]></dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>Synthetic post number ${i}. This paragraph is filler text written by the generator, with a <a href="https://example.org/${i}">link</a> and <strong>some emphasis</strong>.</p><!-- /wp:paragraph -->
<!-- wp:list --><ul><li>first point of post ${i}</li><li>second point</li><li>third point</li></ul><!-- /wp:list -->
[caption id="attachment_${i}" align="alignnone" width="640"]<img src="https://synthetic.example.org/img/${i}.jpg" alt="Picture ${i}" /> A synthetic caption[/caption]
<!-- wp:paragraph --><p>${"More synthetic words to give the post a realistic length. ".repeat(12)}</p><!-- /wp:paragraph -->]]></content:encoded>
<excerpt:encoded><![CDATA[Summary of synthetic post ${i}.]]></excerpt:encoded>
<wp:post_id>${i}</wp:post_id><wp:post_date_gmt><![CDATA[${date}]]></wp:post_date_gmt>
<wp:post_name><![CDATA[synthetic-post-${i}]]></wp:post_name>
<wp:status><![CDATA[${i % 10 === 0 ? "draft" : "publish"}]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
${cats.map((c) => `<category domain="category" nicename="${c}"><![CDATA[${c}]]></category>`).join("")}
${tags.map((c) => `<category domain="post_tag" nicename="${c}"><![CDATA[${c}]]></category>`).join("")}
</item>
`);
}
await write("</channel>\n</rss>\n");
file.end();
await once(file, "finish");
process.stderr.write(`wrote ${count} posts to ${out}\n`);

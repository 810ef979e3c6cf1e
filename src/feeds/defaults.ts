/** Feed settings used when configuration says nothing (see src/config.ts). */
export const FEED_DEFAULTS = {
  siteTitle: "Community newsletter archive",
  rights: "Copyright the newsletter's authors. Syndication welcome with a link to the original.",
  language: "en",
  itemLimit: 50,
};

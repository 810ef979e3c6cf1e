/**
 * Limits every GraphQL document is held to. Depth, breadth and complexity are measured by
 * Pothos' complexity plugin (a connection's page size multiplies its selection's cost);
 * tokens, aliases and directives by GraphQL Armor before validation.
 */
export const QUERY_LIMITS = {
  complexity: 20_000,
  depth: 12,
  breadth: 300,
  tokens: 2_000,
  aliases: 30,
  directives: 20,
} as const;

import type { IncomingMessage } from "node:http";
import type { FastAnswer } from "../feature.js";
import { feedAnswer, feedAnswerKey } from "./answer.js";
import type { FeedCache, RenderedFeed } from "./cache.js";
import type { FeedSettings } from "./documents.js";
import { feedCacheKey } from "./paths.js";

/** Bound on memoised paths and on answers kept per cached feed document. */
const MEMO_LIMIT = 256;

function single(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/**
 * Feed hits for the fast lane. Feed readers poll the same few URLs with the same headers: the
 * parsed path, and each document's answers per (method, path, encoding, validators), are kept until the document leaves the cache (a new document is a new object:
 * old answers go with the old one). Synchronous: a miss is null, at once.
 */
export function fastFeeds(cache: FeedCache, settings: FeedSettings, clock: () => Date) {
  const keys = new Map<string, string | null>();
  const answers = new WeakMap<RenderedFeed, Map<string, FastAnswer>>();
  const keyOf = (path: string) => {
    let key = keys.get(path);
    if (key === undefined) {
      key = feedCacheKey(path);
      if (keys.size >= MEMO_LIMIT) keys.clear();
      keys.set(path, key);
    }
    return key;
  };
  return (req: IncomingMessage, path: string): FastAnswer | null => {
    if (req.method !== "GET" && req.method !== "HEAD") return null;
    const key = keyOf(path);
    const now = clock();
    const feed = key === null ? undefined : cache.peek(key, now);
    if (!feed) return null;
    const ask = { method: req.method, pathname: path, header: (n: string) => single(req, n) };
    const answerKey = feedAnswerKey(ask);
    let memo = answers.get(feed);
    let answer = memo?.get(answerKey);
    if (!answer) {
      answer = feedAnswer(feed, ask, settings);
      if (!memo) {
        memo = new Map();
        answers.set(feed, memo);
      }
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(answerKey, answer);
    }
    return answer;
  };
}

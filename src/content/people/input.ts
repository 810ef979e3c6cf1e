import { z } from "zod";
import { contentFields, httpUrl, LIMITS, line } from "../../validation.js";

export const personSchema = z.object({
  slug: contentFields.slug,
  name: line(200),
  bio: line(LIMITS.shortText).nullish(),
  url: httpUrl.nullish(),
});

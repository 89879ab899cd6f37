import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: docsLoader(),
    schema: docsSchema({
      extend: z.object({
        // How much the page's words count in the site search (Pagefind), 1 by default.
        // Below 1 for pages that repeat the search terms without explaining them
        // (transcripts, tables), so the pages that explain rank first.
        searchWeight: z.number().min(0.1).max(1).optional(),
      }),
    }),
  }),
  // Starlight's UI strings. Starlight reads this collection on every page, and
  // Astro warns when it is undefined or empty, so it holds one entry (en.json,
  // `{}`) that overrides nothing.
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};

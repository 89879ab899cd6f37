import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

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
};

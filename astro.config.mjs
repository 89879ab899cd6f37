// @ts-check
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLlmsTxt from 'starlight-llms-txt';
import { SEARCH_RANKING } from './src/lib/search-ranking.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { basePathLinks } from './src/lib/base-path.ts';

// Where the source lives, for "Edit page" links. Set DOCS_REPOSITORY in a fork.
const repository = process.env.DOCS_REPOSITORY ?? 'https://github.com/mcp-step-up/mcp-step-up-docs';

// The path the site is published under: GitHub Pages serves a project
// repository at /<repo>/ (the workflow passes configure-pages' base_path).
const base = `/${(process.env.DOCS_BASE ?? '').replace(/^\/+|\/+$/g, '')}`;

export default defineConfig({
  site: process.env.DOCS_SITE ?? 'http://localhost:4321',
  base,
  // npm run check:base-path builds a second copy elsewhere.
  outDir: process.env.DOCS_OUT_DIR ?? './dist',
  // Links written in pages (`/guides/authenticate/`) follow the base path too.
  markdown: { processor: satteri({ hastPlugins: [basePathLinks(base)] }) },
  integrations: [
    starlight({
      title: 'MCP step-up authorization',
      description:
        'Why a connected MCP server asks for consent again, and how servers and clients handle 403 insufficient_scope.',
      editLink: { baseUrl: `${repository}/edit/main/` },
      lastUpdated: false,
      customCss: ['./src/styles/custom.css'],
      // The search tests rank with the same options (src/lib/search-ranking.ts).
      pagefind: { ranking: SEARCH_RANKING },
      // Search weights per page (searchWeight in the front matter); see src/lib/search-weight.ts.
      components: {
        PageTitle: './src/components/overrides/PageTitle.astro',
        MarkdownContent: './src/components/overrides/MarkdownContent.astro',
      },
      // Wrap long lines instead of scrolling them: no sideways scrolling on
      // phones, and no unlabelled scroll regions for screen readers.
      expressiveCode: { defaultProps: { wrap: true } },
      plugins: [starlightLlmsTxt({ projectName: 'MCP step-up authorization' })],
      sidebar: [
        { label: 'Start here', link: '/' },
        { label: 'Authenticate with remote MCP servers', slug: 'guides/authenticate' },
        { label: 'Questions about approving access', slug: 'guides/faq' },
        { label: 'How step-up authorization works', slug: 'concepts/how-it-works' },
        { label: 'Refresh or re-authorize?', slug: 'concepts/refresh-or-reconsent' },
        { label: 'For MCP server operators', slug: 'servers/operators' },
        { label: 'For MCP client implementers', slug: 'clients/implementers' },
        { label: 'Client compatibility', slug: 'clients/compatibility' },
        { label: 'Proposed text for the Claude Code docs', slug: 'clients/claude-code-docs' },
        { label: 'Troubleshooting', slug: 'troubleshooting' },
        { label: 'Reference', slug: 'reference' },
        { label: 'Glossary', slug: 'glossary' },
        { label: 'Challenge explainer', slug: 'tools/challenge-explainer' },
        { label: 'Recorded runs', slug: 'concepts/recorded-runs' },
      ],
    }),
  ],
});

// Pagefind weights for a page with `searchWeight` in its front matter: the
// body counts that much (Pagefind's default is 1), and the title that much of
// Pagefind's default h1 weight (7). See src/content.config.ts.
export const PAGEFIND_H1_WEIGHT = 7;

export function bodyWeight(searchWeight: number | undefined): string | undefined {
  return searchWeight === undefined ? undefined : String(searchWeight);
}

export function titleWeight(searchWeight: number | undefined): string | undefined {
  return searchWeight === undefined
    ? undefined
    : String(Math.round(PAGEFIND_H1_WEIGHT * searchWeight * 10) / 10);
}

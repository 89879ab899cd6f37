// Where a planted defect's `find` stands in a file, whatever the formatter
// did to it: the same tokens in the same order, with any white space between
// them, a trailing comma allowed before a closing bracket, and either quote.
// So a reformat does not unplant a defect; a change to the code itself does.

const TOKEN = /\w+|\S/g;

function pattern(find: string): RegExp {
  const parts = (find.match(TOKEN) ?? []).map((token) => {
    if (token === "'" || token === '"') return `['"]`;
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return /^[)\]}]$/.test(token) ? `(?:,\\s*)?${escaped}` : escaped;
  });
  // Between two word tokens white space is needed; elsewhere it is optional.
  let source = '';
  parts.forEach((part, i) => {
    if (i > 0) source += /\w$/.test(parts[i - 1]!) && /^\w/.test(part) ? '\\s+' : '\\s*';
    source += part;
  });
  return new RegExp(source, 'g');
}

/** Every place `find` stands in `text`: its offset and the length of the text it covers there. */
export function locate(text: string, find: string): { index: number; length: number }[] {
  if (!find.trim()) return [];
  return [...text.matchAll(pattern(find))].map((m) => ({ index: m.index, length: m[0].length }));
}

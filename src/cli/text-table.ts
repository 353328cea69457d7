/** Rows in columns padded to their widest cell, under a header; a table with no rows says so. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `${header.join('  ')}\n(none)`;
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

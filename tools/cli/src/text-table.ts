// Aligned columns for people; widths are measured before colouring so escape codes never skew them.
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Colours the padded cell (the text keeps its width). */
  paint?: (text: string, row: T) => string;
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[], headerPaint: (text: string) => string = (text) => text): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map((line) => line[index]?.length ?? 0)));
  const last = columns.length - 1;
  const pad = (text: string, index: number) => (index === last ? text : text.padEnd(widths[index] ?? 0));
  const header = columns.map((column, index) => headerPaint(pad(column.header, index))).join('  ');
  const body = rows.map((row, rowIndex) =>
    columns
      .map((column, index) => {
        const text = pad(cells[rowIndex]?.[index] ?? '', index);
        return column.paint ? column.paint(text, row) : text;
      })
      .join('  '),
  );
  return [header, ...body].join('\n');
}

/** `key: value` lines with the keys aligned. */
export function formatFields(fields: ReadonlyArray<[string, string]>, keyPaint: (text: string) => string = (text) => text): string {
  const width = Math.max(0, ...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${keyPaint(`${key}:`.padEnd(width + 1))} ${value}`).join('\n');
}

// Both of the watch's grids cut longitude into equal cells that wrap at the antimeridian: a cell
// side must fit 360° a whole number of times (0.05 does, though 360 % 0.05 is not 0 in floating point).
export function dividesTheCircle(cellDeg: number): boolean {
  const cells = 360 / cellDeg;
  return cellDeg > 0 && Math.abs(cells - Math.round(cells)) < 1e-9;
}

/**
 * Per row of a grid of `columns` × `rows` cells of `cellDeg`: its cells are 2^shift base columns
 * wide. Towards the poles a row's cells are merged by powers of two, so that a cell stays about as
 * wide on the ground as at the equator (as far as the column count has factors of two).
 */
export function rowShifts(columns: number, rows: number, cellDeg: number): Uint8Array {
  let maxShift = 0;
  while ((columns >> (maxShift + 1)) << (maxShift + 1) === columns) maxShift++;
  const shifts = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const equatorward = Math.min(Math.abs(-90 + row * cellDeg), Math.abs(-90 + (row + 1) * cellDeg));
    const cos = Math.cos((Math.min(90, equatorward) * Math.PI) / 180);
    let shift = 0;
    while (shift < maxShift && cos * 2 ** (shift + 1) <= 1) shift++;
    shifts[row] = shift;
  }
  return shifts;
}

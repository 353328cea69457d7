// Both of the watch's grids cut longitude into equal cells that wrap at the antimeridian: a cell
// side must fit 360° a whole number of times (0.05 does, though 360 % 0.05 is not 0 in floating point).
export function dividesTheCircle(cellDeg: number): boolean {
  const cells = 360 / cellDeg;
  return cellDeg > 0 && Math.abs(cells - Math.round(cells)) < 1e-9;
}

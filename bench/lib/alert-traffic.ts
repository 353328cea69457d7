// The traffic of the alert-latency benchmark, deterministic for a size: background aircraft of
// several parties that never conflict, and a stream of planted head-on pairs of two parties that do,
// from known moments. Every track reports at 1 Hz; the second is cut into slices, each party's
// tracks of one slice sent together, so the load is spread over the second as real feeds spread it.
// The hub run (through feeds) and the in-process engine run read the same schedule.
import type { LonLat } from '../../src/geo/shape.js';
import type { TrackReport } from '../../src/watch/track-report.js';
import { destination } from '../../test/deconfliction/random-declarations.js';
import { Prng } from '../../test/support/prng.js';
import { flownOn } from './watch-traffic.js';

export interface TrafficSpec {
  parties: string[];
  /** Background tracks, all airborne. */
  background: number;
  /** Seconds of reports. */
  seconds: number;
  /** Planted pairs begin from this second on, this many each second, until two seconds before the end. */
  warmUpS: number;
  pairsPerSecond: number;
}

export const SLICES = 10;
const SLICE_MS = 1000 / SLICES;
/** The feed every party reports through (`<party>/<FEED>`). */
export const FEED = 'c2';

/** About 550 × 550 km over the Levant. */
const WEST = 35;
const SOUTH = 32;
const WIDTH_DEG = 6;
const HEIGHT_DEG = 5;
const KM_PER_DEG_LAT = 111.2;
const KM_PER_DEG_LON = KM_PER_DEG_LAT * Math.cos(((SOUTH + HEIGHT_DEG / 2) * Math.PI) / 180);

/**
 * Background: flight levels 600 m apart (twice the 1,000 ft minimum), every track of a level flying
 * the same heading at the same speed on a lattice at least MIN_SPACING_KM apart — no relative
 * motion within a level, no vertical conflict across levels: traffic the watch must check every
 * second and that never raises an alert, so each alert the run sees is a planted one.
 */
const LEVELS = 16;
const LEVEL_BASE_M = 1000;
const LEVEL_STEP_M = 600;
const LEVEL_HEADINGS = [90, 270, 0, 180, 45, 225, 135, 315];
/** Twice BlueSky's 5 NM less a little: clear of the minima with the watch's 10 % margin. */
const MIN_SPACING_KM = 12;

/**
 * Planted pairs: two aircraft of different parties, 30 km apart, head on (east and west) at 200 m/s
 * each — a loss predicted 52 s ahead, so the alert begins with the first report that sees both.
 * After DIVERT_S both turn north (as the urgent request asks), 26.8 km apart: clear, and the alert
 * ends. They fall silent after PAIR_LIFE_S. Slots: an 8 × 7 grid 0.7° apart above the background,
 * neighbouring slots a level apart, so that a pair meets no other within the 300 s lookahead
 * (400 m/s closing covers 120 km; slots on one level are at least 150 km apart); a slot is used
 * again after 28 s at 2 pairs a second, once its last pair's reports are over 10 s old and no
 * longer predicted against.
 */
const PAIR_GAP_M = 30_000;
const PAIR_SPEED_MS = 200;
const DIVERT_S = 8;
const PAIR_LIFE_S = 15;
const SLOT_COLUMNS = 8;
const SLOT_ROWS = 7;
const SLOT_DEG = 0.7;
const PAIR_BASE_M = 11_000;

export interface PlantedPair {
  index: number;
  /** The pair's two tracks as the hub names them (`<party>/c2:<id>`). */
  tracks: [string, string];
  /**
   * The times of the two tracks' first reports, epoch ms: the alert begins with whichever the hub
   * takes second — the later one, unless that party's feed was taken ahead of the other's.
   */
  firstReports: [number, number];
}

interface Mover {
  id: string;
  party: string;
  slice: number;
  /** Its state at the base time; reports are it flown on. */
  start: TrackReport;
}

interface Pair {
  a: Mover;
  b: Mover;
  firstTick: number;
  turnDeg: number;
}

export const hubTrackId = (party: string, id: string) => `${party}/${FEED}:${id}`;

export class AlertTraffic {
  private readonly background: Mover[][] = Array.from({ length: SLICES }, () => []);
  private readonly pairs: Pair[] = [];

  constructor(
    readonly spec: TrafficSpec,
    /** Epoch ms of tick 0, slice 0. */
    readonly base: number,
  ) {
    this.lay(new Prng(spec.background));
    this.plant();
  }

  private lay(rng: Prng): void {
    const { parties, background } = this.spec;
    const perLevel = Math.ceil(background / LEVELS);
    const widthKm = WIDTH_DEG * KM_PER_DEG_LON;
    const heightKm = HEIGHT_DEG * KM_PER_DEG_LAT;
    const columns = Math.ceil(Math.sqrt((perLevel * widthKm) / heightKm));
    const rows = Math.ceil(perLevel / columns);
    const spacingKm = Math.min(widthKm / columns, heightKm / rows);
    if (spacingKm < MIN_SPACING_KM)
      throw new Error(`${background} background tracks are ${spacingKm.toFixed(1)} km apart: too dense`);
    const jitterDeg = Math.min(2, (spacingKm - MIN_SPACING_KM) / 2) / KM_PER_DEG_LAT;
    const jitter = () => (rng.next() / 2 ** 32 - 0.5) * 2 * jitterDeg;
    for (let i = 0; i < background; i++) {
      const level = i % LEVELS;
      const at = Math.floor(i / LEVELS);
      const party = parties[at % parties.length] as string;
      const id = `bg-${i}`;
      this.background[i % SLICES]?.push({
        id,
        party,
        slice: i % SLICES,
        start: {
          id,
          party,
          lon: WEST + ((at % columns) + 0.5) * (WIDTH_DEG / columns) + jitter(),
          lat: SOUTH + (Math.floor(at / columns) + 0.5) * (HEIGHT_DEG / rows) + jitter(),
          altM: LEVEL_BASE_M + level * LEVEL_STEP_M,
          groundSpeedMs: 150 + 10 * (level % 8),
          trackDeg: LEVEL_HEADINGS[level % LEVEL_HEADINGS.length] as number,
          verticalRateMs: 0,
          time: this.base,
          airborne: true,
          activity: 'air',
        },
      });
    }
  }

  private plant(): void {
    const { parties, warmUpS, pairsPerSecond, seconds } = this.spec;
    // The last pairs begin two seconds before the end: their alerts are in, their ends need not be.
    const count = Math.max(0, (seconds - 2 - warmUpS) * pairsPerSecond);
    for (let k = 0; k < count; k++) {
      const slot = k % (SLOT_COLUMNS * SLOT_ROWS);
      const column = slot % SLOT_COLUMNS;
      const row = Math.floor(slot / SLOT_COLUMNS);
      const centre: LonLat = [WEST + (column + 0.5) * SLOT_DEG, SOUTH + (row + 0.5) * SLOT_DEG];
      const altM = PAIR_BASE_M + ((column % 2) + 2 * (row % 2)) * LEVEL_STEP_M;
      const p = k % parties.length;
      const q = (p + 1 + (Math.floor(k / parties.length) % (parties.length - 1))) % parties.length;
      const firstTick = warmUpS + Math.floor(k / pairsPerSecond);
      const firstTime = this.base + firstTick * 1000;
      const mover = (side: 'a' | 'b', party: string, slice: number, bearing: number): Mover => {
        const [lon, lat] = destination(centre, (bearing + 180) % 360, PAIR_GAP_M / 2);
        const id = `pair-${k}${side}`;
        return {
          id,
          party,
          slice,
          start: {
            id,
            party,
            lon,
            lat,
            altM,
            groundSpeedMs: PAIR_SPEED_MS,
            trackDeg: bearing,
            verticalRateMs: 0,
            // Its state at the first report of its first tick: flown on from there.
            time: firstTime + slice * SLICE_MS,
            airborne: true,
            activity: 'air',
          },
        };
      };
      this.pairs.push({
        a: mover('a', parties[p] as string, k % SLICES, 90),
        b: mover('b', parties[q] as string, (k + 3) % SLICES, 270),
        firstTick,
        turnDeg: 0,
      });
    }
  }

  /** The planted pairs and when each must raise its alert. */
  planted(): PlantedPair[] {
    return this.pairs.map((pair, index) => ({
      index,
      tracks: [hubTrackId(pair.a.party, pair.a.id), hubTrackId(pair.b.party, pair.b.id)],
      firstReports: [pair.a.start.time, pair.b.start.time],
    }));
  }

  /** The report time of a slice of a tick, epoch ms. */
  timeOf(tick: number, slice: number): number {
    return this.base + tick * 1000 + slice * SLICE_MS;
  }

  /** The reports due in one slice of one tick (ids as the source gives them), by party. */
  due(tick: number, slice: number): Map<string, TrackReport[]> {
    const time = this.timeOf(tick, slice);
    const byParty = new Map<string, TrackReport[]>(this.spec.parties.map((party) => [party, []]));
    const add = (report: TrackReport) => byParty.get(report.party)?.push(report);
    for (const mover of this.background[slice] ?? []) add(flownOn(mover.start, (time - this.base) / 1000));
    const perSecond = this.spec.pairsPerSecond;
    const from = Math.max(0, (tick - PAIR_LIFE_S + 1 - this.spec.warmUpS) * perSecond);
    const to = Math.min(this.pairs.length, (tick + 1 - this.spec.warmUpS) * perSecond);
    for (let k = from; k < to; k++) {
      const pair = this.pairs[k] as Pair;
      for (const mover of [pair.a, pair.b]) {
        if (mover.slice === slice) add(this.pairReport(mover, pair, tick, time));
      }
    }
    return byParty;
  }

  private pairReport(mover: Mover, pair: Pair, tick: number, time: number): TrackReport {
    const age = tick - pair.firstTick;
    if (age < DIVERT_S) return flownOn(mover.start, (time - mover.start.time) / 1000);
    const turned = { ...flownOn(mover.start, DIVERT_S), trackDeg: pair.turnDeg };
    return flownOn(turned, (time - turned.time) / 1000);
  }
}

// An incident as the hub holds it, and the rules of its steps as methods: who may answer, dispute,
// close or admit an inquiry, and when. Changed only by incident entries, so a replay rebuilds it.
//
// Closing is the reporter's: the report is its statement, and only it can say it has nothing to add.
// A party concerned can still dispute after the close, so that closing never silences anyone, and
// still admit an inquiry, which is often convened once the parties have said what they will; only
// answers end with it.
import type { Volume } from '../geo/shape.js';
import { admits } from '../record/visibility.js';
import type { IncidentLink, IncidentReport } from './incident-schema.js';

export type IncidentStepKind = 'answer' | 'dispute' | 'close';

export interface IncidentStep {
  kind: IncidentStepKind;
  party: string;
  operator: string;
  text: string;
  time: string;
  entry: number;
  /** The parties that may read the step's entry. */
  visibility: string[];
}

/** What one party was told links to the incident, as its own entry records it. */
export interface PartyLinks {
  entry: number;
  links: IncidentLink[];
  /** False when more entries met the rules than one entry lists (see MAX_LINKS_PER_PARTY). */
  complete: boolean;
  concerned: boolean;
}

export interface Inquiry {
  /** The key id of its Ed25519 key (as for operators). */
  key: string;
  publicKey: string;
  name: string;
  /** The parties that admitted it, with the entry of each admission. */
  admittedBy: Map<string, number>;
}

/** Not the party's to do (forbidden), or not now (the incident's state). */
export interface Refusal {
  forbidden: boolean;
  reason: string;
}

/** An incident as plain data, its maps as entry lists in the order they were added. */
export interface IncidentSnapshot {
  report: IncidentReport;
  party: string;
  operator: string;
  area: Volume;
  time: string;
  entry: number;
  visibility: string[];
  status: Incident['status'];
  steps: IncidentStep[];
  links: [string, PartyLinks][];
  inquiries: (Omit<Inquiry, 'admittedBy'> & { admittedBy: [string, number][] })[];
}

export class Incident {
  status: 'open' | 'closed' = 'open';
  readonly steps: IncidentStep[] = [];
  /** By party: what it was told links to the incident. */
  readonly links = new Map<string, PartyLinks>();
  /** By key id. */
  readonly inquiries = new Map<string, Inquiry>();

  constructor(
    readonly report: IncidentReport,
    readonly party: string,
    readonly operator: string,
    readonly area: Volume,
    readonly time: string,
    readonly entry: number,
    /** The parties that may read the report's entry. */
    readonly visibility: string[],
  ) {}

  get id(): string {
    return this.report.id;
  }

  /** The reporter, and every party whose declarations or tracks the hub linked. */
  isConcerned(party: string): boolean {
    return party === this.party || this.links.get(party)?.concerned === true;
  }

  /** Who reads the report: those it names, and the parties concerned. */
  isSeenBy(party: string): boolean {
    return admits(this.visibility, party) || this.isConcerned(party);
  }

  /**
   * Who a new step is shown to: those who read the report's entry, those who have stepped forward,
   * and its author. Not every party concerned: naming one that only its own hidden declarations
   * concern would tell the others it has something there; it sees what it stepped into.
   */
  stepVisibility(author: string): string[] {
    if (this.visibility.includes('*')) return ['*'];
    return [...new Set([...this.visibility, ...this.steps.map((s) => s.party), author])].sort();
  }

  /** Why the party may not take this step now (not its to take, or not now), or null. */
  refusal(kind: IncidentStepKind, party: string): Refusal | null {
    if (!this.isConcerned(party))
      return { forbidden: true, reason: 'only a party concerned by the incident may' };
    if (kind === 'close') {
      if (party !== this.party)
        return { forbidden: true, reason: 'only the reporting party closes its report' };
      if (this.status === 'closed') return { forbidden: false, reason: 'the incident is already closed' };
    }
    if (kind === 'answer') {
      if (party === this.party)
        return {
          forbidden: true,
          reason: 'the reporter does not answer its own report; it may dispute an answer',
        };
      if (this.status === 'closed')
        return { forbidden: false, reason: 'the incident is closed; a party concerned may still dispute' };
    }
    return null;
  }

  /** Why the party may not admit this inquiry now, or null. */
  admissionRefusal(party: string, key: string): Refusal | null {
    if (!this.isConcerned(party))
      return { forbidden: true, reason: 'only a party concerned by the incident admits an inquiry' };
    if (this.inquiries.get(key)?.admittedBy.has(party))
      return { forbidden: false, reason: 'your party has already admitted this inquiry' };
    return null;
  }

  apply(step: IncidentStep): void {
    this.steps.push(step);
    if (step.kind === 'close') this.status = 'closed';
  }

  admit(party: string, inquiry: Omit<Inquiry, 'admittedBy'>, entry: number): void {
    let found = this.inquiries.get(inquiry.key);
    if (!found) {
      found = { ...inquiry, admittedBy: new Map() };
      this.inquiries.set(inquiry.key, found);
    }
    found.admittedBy.set(party, entry);
  }

  snapshot(): IncidentSnapshot {
    return {
      report: this.report,
      party: this.party,
      operator: this.operator,
      area: this.area,
      time: this.time,
      entry: this.entry,
      visibility: this.visibility,
      status: this.status,
      steps: this.steps,
      links: [...this.links],
      inquiries: [...this.inquiries.values()].map((inquiry) => ({
        ...inquiry,
        admittedBy: [...inquiry.admittedBy],
      })),
    };
  }

  static restore(s: IncidentSnapshot): Incident {
    const incident = new Incident(s.report, s.party, s.operator, s.area, s.time, s.entry, s.visibility);
    incident.status = s.status;
    incident.steps.push(...s.steps);
    for (const [party, links] of s.links) incident.links.set(party, links);
    for (const inquiry of s.inquiries)
      incident.inquiries.set(inquiry.key, { ...inquiry, admittedBy: new Map(inquiry.admittedBy) });
    return incident;
  }

  /** For the state's digest: everything the entries set, in a fixed order. */
  summary(): unknown {
    return {
      id: this.id,
      entry: this.entry,
      status: this.status,
      steps: this.steps.map((s) => [s.kind, s.party, s.entry]),
      links: [...this.links].sort(([a], [b]) => (a < b ? -1 : 1)).map(([party, told]) => [party, told.entry]),
      inquiries: [...this.inquiries.values()]
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((inquiry) => [inquiry.key, [...inquiry.admittedBy.values()].sort((a, b) => a - b)]),
    };
  }
}

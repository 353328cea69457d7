// What the map shows, as the hub gives it to the signed-in party: its live declarations, the
// current conflicts, the parties of the hub, and the party's own rosters (for the declare form).
// Fetched again whenever the record grows.
import type { HubApi } from './hub/hub-api.js';
import type { ConflictView, DeclarationListing, Party, RosterView } from './hub/views.js';

/** The hub's largest page: the picture wants everything the party may see. */
const DECLARATIONS_LIMIT = 10_000;

export class PictureData {
  declarations: DeclarationListing[] = [];
  conflicts: ConflictView[] = [];
  parties: Party[] = [];
  rosters: RosterView[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly api: HubApi) {}

  get ownParty(): string {
    return this.api.party;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async refresh(): Promise<void> {
    const [declarations, conflicts, parties, rosters] = await Promise.all([
      this.api.getAll<DeclarationListing>(
        `/v1/declarations?status=live&limit=${DECLARATIONS_LIMIT}`,
        'declarations',
      ),
      this.api.getAll<ConflictView>('/v1/conflicts?status=current', 'conflicts'),
      this.api.getAll<Party>('/v1/parties', 'parties'),
      this.api.getAll<RosterView>('/v1/rosters', 'rosters'),
    ]);
    this.declarations = declarations;
    this.conflicts = conflicts;
    this.parties = parties;
    this.rosters = rosters;
    for (const listener of this.listeners) listener();
  }

  declarationTitle(id: string): string | undefined {
    return this.declarations.find((listing) => listing.id === id)?.declaration.title;
  }

  partyName(id: string): string {
    return this.parties.find((party) => party.id === id)?.name ?? id;
  }
}

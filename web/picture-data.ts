// What the map shows, as the hub gives it to the signed-in party: its live declarations, the
// current conflicts, and the parties of the hub. Fetched again whenever the record grows.
import type { HubApi } from './hub/hub-api.js';
import type { ConflictView, DeclarationListing, Party } from './hub/views.js';

/** The hub's largest page: the picture wants everything the party may see. */
const DECLARATIONS_LIMIT = 10_000;

export class PictureData {
  declarations: DeclarationListing[] = [];
  conflicts: ConflictView[] = [];
  parties: Party[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly api: HubApi) {}

  get ownParty(): string {
    return this.api.party;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async refresh(): Promise<void> {
    const [declarations, conflicts, parties] = await Promise.all([
      this.api.getAll<DeclarationListing>(
        `/v1/declarations?status=live&limit=${DECLARATIONS_LIMIT}`,
        'declarations',
      ),
      this.api.getAll<ConflictView>('/v1/conflicts?status=current', 'conflicts'),
      this.api.getAll<Party>('/v1/parties', 'parties'),
    ]);
    this.declarations = declarations;
    this.conflicts = conflicts;
    this.parties = parties;
    for (const listener of this.listeners) listener();
  }

  partyName(id: string): string {
    return this.parties.find((party) => party.id === id)?.name ?? id;
  }
}

import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { FeedName } from './feed-set.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { feedId, trackFeeds } from './track-feeds.js';

export const feedRemove = defineCommand({
  type: 'feed.remove',
  schema: commandSchema(
    'feed.remove',
    { feed: FeedName },
    'Removes a track source of the author’s party: its connections are closed and its reports refused. ' +
      'Administrators.',
  ),
  decide({ state, author }, command) {
    requirePartyAdministrator(author);
    if (!trackFeeds(state).has(feedId(author.party, command.feed)))
      throw problems.notFound(`your party has no feed ${command.feed}`, '/command/feed');
    return { visibility: [author.party] };
  },
  apply(state, command, entry) {
    const party = (entry.author as { party: string }).party;
    trackFeeds(state).delete(feedId(party, command.feed));
  },
});

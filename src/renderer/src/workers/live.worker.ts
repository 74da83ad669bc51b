// The live feed's worker (a same-origin file, as the CSP requires): the registry and instance
// buckets watched on a connection of its own, posted to the page in batches (bridge/live-feed.ts).
import { installValidators } from '../../../shared/schemas';
import { validators } from '../generated/validators.js';
import { serveLiveFeed, type FeedScope } from '../bridge/live-feed';

installValidators(validators);
serveLiveFeed(self as unknown as FeedScope);

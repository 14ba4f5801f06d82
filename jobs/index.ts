// Registers every periodic task and every engine job (side-effect imports only; append one line per
// module). `npm start` and `npm run worker` import this before starting the job engine, so that each
// process can run every job it may claim. Tasks run in this order when the test clock moves: e-mail
// dispatch last, so that it sends what the tasks before it queued.
import '#jobs/qualification-expiry.ts'
import '#jobs/search-sync.ts'
import '#jobs/announcement-deadlines.ts'
import '#jobs/announcement-publication.ts'
import '#jobs/idempotency-prune.ts'
import '#jobs/credit.ts'
import '#jobs/transparency-log.ts'
import '#jobs/webhooks.ts'
import '#jobs/email-dispatch.ts'

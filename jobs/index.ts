// Registers every periodic task with the worker (side-effect imports only; append one line per job).
import '#jobs/qualification-expiry.ts'
import '#jobs/search-sync.ts'

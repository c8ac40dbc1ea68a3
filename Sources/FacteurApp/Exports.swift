// The domain vocabulary (workspace IDs, invoice kinds, outbox states, health reports…) comes with
// FacteurApp: its use cases speak it, and the executable imports FacteurApp alone.
@_exported public import FacteurCore

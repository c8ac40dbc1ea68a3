// FacteurApp: the composition root. It reads the configuration, builds transports and stores, and
// holds the use cases the `facteur` commands (and later the web pages) share: forward a file,
// deliver the outbox, list it, resend, audit. Blocking work (libcurl, file I/O) runs on dedicated
// threads through `CurlWorker`.

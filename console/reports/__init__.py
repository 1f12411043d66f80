"""Reports from the public: an inbox item or conversation recorded with a reference,
a category, a location, a THRIVE assessment and a response clock; its items frozen
as received, its changes versioned, every view a consultation and every hand-over a
disclosure. The rows are ``storage.reports``; the services are here."""

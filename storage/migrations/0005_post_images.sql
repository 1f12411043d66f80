-- Schema 5: images attached to a post, kept in the encrypted store with their
-- alt text (required: accessibility is a duty for public bodies).
CREATE TABLE post_images (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts (id),
    position    INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL,
    data        BLOB NOT NULL,
    alt_text    TEXT NOT NULL CHECK (length(trim(alt_text)) > 0),
    created_utc TEXT NOT NULL,
    UNIQUE (post_id, position)
) STRICT;

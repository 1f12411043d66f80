-- Schema 18: posts in Welsh and English.
--
-- A post made while the force's bilingual setting is on keeps both texts
-- (``text_cy``, ``text_en``) and the form it goes out in (``bilingual``: 'one' for one
-- post holding both texts with a separator between, 'two' for two linked posts).
-- Posts made before, or with the setting off, have NULL in all three and go out as
-- they always did.
ALTER TABLE posts ADD COLUMN text_cy TEXT;
ALTER TABLE posts ADD COLUMN text_en TEXT;
ALTER TABLE posts ADD COLUMN bilingual TEXT CHECK (bilingual IN ('one', 'two'));

-- Two linked posts: a channel's target keeps the second language's text
-- (``second_text``; NULL for one post). The publisher sends the first, records its id
-- (``first_remote_id``, ``first_url``) while the target is still publishing, then the
-- second as a reply to it where the network has replies; once both are out the target
-- is published with the first's id in ``remote_id`` and the second's in
-- ``second_remote_id``. A retry after the second failed never sends the first again.
ALTER TABLE targets ADD COLUMN second_text TEXT;
ALTER TABLE targets ADD COLUMN first_remote_id TEXT;
ALTER TABLE targets ADD COLUMN first_url TEXT;
ALTER TABLE targets ADD COLUMN second_remote_id TEXT;
ALTER TABLE targets ADD COLUMN second_url TEXT;

-- Holding statement templates and saved replies carry a Welsh text beside the
-- English one (``body``); empty where none has been written.
ALTER TABLE holding_templates ADD COLUMN body_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE saved_replies ADD COLUMN body_cy TEXT NOT NULL DEFAULT '';

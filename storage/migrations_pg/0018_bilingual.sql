-- Schema 18 (as storage/migrations/0018_bilingual.sql): posts in Welsh and English,
-- the second of two linked posts, and the Welsh of templates and saved replies.
ALTER TABLE posts ADD COLUMN text_cy TEXT;
ALTER TABLE posts ADD COLUMN text_en TEXT;
ALTER TABLE posts ADD COLUMN bilingual TEXT CHECK (bilingual IN ('one', 'two'));

ALTER TABLE targets ADD COLUMN second_text TEXT;
ALTER TABLE targets ADD COLUMN first_remote_id TEXT;
ALTER TABLE targets ADD COLUMN first_url TEXT;
ALTER TABLE targets ADD COLUMN second_remote_id TEXT;
ALTER TABLE targets ADD COLUMN second_url TEXT;

ALTER TABLE holding_templates ADD COLUMN body_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE saved_replies ADD COLUMN body_cy TEXT NOT NULL DEFAULT '';

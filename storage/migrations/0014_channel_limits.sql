-- Schema 14: what each channel's own server accepts, as Cordon last read it.
--
-- A Mastodon-compatible server says its software (nodeinfo ``software.name``) and its
-- limits (``/api/v2/instance`` ``configuration``); Cordon reads them when the channel
-- is connected and on every sync pass, and counts the channel's posts the way that
-- software counts (console/networks.py). NULL everywhere: Cordon has not read them
-- (or the network has no such thing), and the network's own defaults apply.
ALTER TABLE channels ADD COLUMN counting TEXT;            -- x | mastodon | code_points | ...
ALTER TABLE channels ADD COLUMN max_characters INTEGER;   -- the server's status limit
ALTER TABLE channels ADD COLUMN url_length INTEGER;       -- characters_reserved_per_url
ALTER TABLE channels ADD COLUMN images_max INTEGER;       -- max_media_attachments
ALTER TABLE channels ADD COLUMN image_max_bytes INTEGER;  -- media_attachments.image_size_limit
ALTER TABLE channels ADD COLUMN software TEXT;            -- e.g. 'gotosocial 0.17.3'
ALTER TABLE channels ADD COLUMN limits_changed_utc TEXT;  -- when they were first read or last changed

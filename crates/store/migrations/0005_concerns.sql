-- The person's own concerns for a case, in their words ("keeping my hair", "my work"); the
-- question rules match them. Shown in position order.
CREATE TABLE concerns (
    id       TEXT PRIMARY KEY NOT NULL,
    case_id  TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL
) STRICT;
CREATE INDEX concerns_by_case ON concerns(case_id, position);

-- The question an audit entry is about (added, edited, removed, starred, moved): its id only,
-- never its words, which may hold health details.
ALTER TABLE audit_log ADD COLUMN question_id TEXT;

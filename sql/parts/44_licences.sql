-- Electronic licences (电子证照) and the evidence registry (issue 11).  See
-- doc/licences.md.
--
--   evidence_type   the registry: what a type of evidence is, who holds it,
--                   which department is its source (数源部门), how long it is
--                   valid, how its licence numbers read
--   item.output_evidence_type   what an approved decision of the item issues
--   licence         the licences issued (on conclusion) or recorded by a
--                   clerk; history is kept (renewal supersedes)
--
-- Issuance is an explicit call of routing: route_advance() (src/routing.c),
-- the one place where a stage of a case ends, issues the licences of the
-- approved tasks of the stage that ended, before the next stage opens or when
-- the case concludes (src/licence.c: through the executor's single-row
-- routines, with the constraints and foreign-key triggers of an INSERT; the
-- step by step issue_licences() below for a first number, a missing key or a
-- withheld licence), and calls block_unlicensed_stage() when a later stage opens.  Revocation of a case, by whatever path, revokes what it issued
-- (trigger licence_revoke on cases, beside route_cancel).
--
-- Locking: an issuance locks the holder's applicant row (FOR NO KEY UPDATE)
-- in a statement before it supersedes and inserts, so two conclusions for one holder at once
-- serialize and leave one valid licence of a type; the partial unique index
-- licence_one_valid is the backstop.  catalog_entries() (45_assess.sql)
-- takes at most one licence of a holder and type in force at the instant it
-- assesses (valid, or expired or superseded since).

-- ---- the registry ---------------------------------------------------------------
CREATE TABLE service_affair.evidence_type (
    code              text PRIMARY KEY CHECK (code <> '' AND pg_catalog.octet_length(code) <= 200),
    name              text NOT NULL CONSTRAINT evidence_type_name_check CHECK (NOT service_affair.is_blank(name)),
    holder_kind       text NOT NULL DEFAULT 'any' CHECK (holder_kind IN ('person', 'org', 'any')),
    source_department text CHECK (source_department <> ''),
    validity_days     integer CHECK (validity_days BETWEEN 1 AND 36500),
    share_without_consent boolean NOT NULL DEFAULT true,
    identity          boolean NOT NULL DEFAULT false,
    number_format     text NOT NULL DEFAULT '{type}-{region}-{year}-{seq}'
                      CHECK (pg_catalog.strpos(number_format, '{seq}') > 0 AND pg_catalog.octet_length(number_format) <= 100),
    -- what issuance writes of the type must fit the licence (licence_row,
    -- licence_message()): else every approval of an item issuing it fails
    -- on the conclusion path, and the decision with it.  The longest number:
    -- {type} as issue_licence() expands it first, a region of 6 digits, a
    -- year of 4 and a {seq} of 19 (a bigint)
    CONSTRAINT evidence_type_issuable CHECK (
        pg_catalog.strpos(code, E'\n') = 0 AND pg_catalog.strpos(number_format, E'\n') = 0
        AND pg_catalog.octet_length(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(number_format,
                '{type}', code), '{region}', '000000'), '{year}', '0000'), '{seq}', '0000000000000000000')) <= 300)
);
COMMENT ON TABLE service_affair.evidence_type IS
  'Evidence-type registry (电子证照目录): every type of shared evidence or electronic licence a material may name; the items that issue a type are those whose output_evidence_type names it';
COMMENT ON COLUMN service_affair.evidence_type.code IS 'Type code, as named by material.evidence_type, item.output_evidence_type, evidence and licence';
COMMENT ON COLUMN service_affair.evidence_type.name IS 'Published name of the licence or data (e.g. 营业执照)';
COMMENT ON COLUMN service_affair.evidence_type.holder_kind IS 'Who holds it: person, org or any; a licence is issued only to a case applicant of that kind';
COMMENT ON COLUMN service_affair.evidence_type.source_department IS 'Source department (数源部门) that issues or maintains the data; free text, it may be outside the county';
COMMENT ON COLUMN service_affair.evidence_type.validity_days IS 'Default validity of an issued licence in calendar days after the local day of issue, 1 to 36500 (100 years); NULL: no expiry';
COMMENT ON COLUMN service_affair.evidence_type.share_without_consent IS 'Whether it may be shared without the holder''s consent (recorded for the catalog; no consent record exists yet, so completeness does not read it)';
COMMENT ON COLUMN service_affair.evidence_type.identity IS 'An identity document (身份证明: ID card, business licence, legal representative''s ID...): counted by one_licence_service (一证通办)';
COMMENT ON COLUMN service_affair.evidence_type.number_format IS 'Licence number pattern: {type}, {region} (the case''s region), {year} (local year of issue) and {seq} (at least 6 digits, counted per type, and per region and year when the format names them; a number already taken is passed over; required)';
COMMENT ON CONSTRAINT evidence_type_issuable ON service_affair.evidence_type IS
  'A type issuance can write (23514 otherwise, when the row is written rather than at every approval of an item issuing it): no line feed in code or number_format (the signed message is line-based), and the longest number the format gives, {type} expanded, a 6-digit region, a 4-digit year and a 19-digit {seq}, at most 300 bytes (licence_row)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.evidence_type', '');

-- Every material names a registered type.  Existing values are registered
-- first (an update from 0.1.0 keeps its catalog; a fresh install has none).
INSERT INTO service_affair.evidence_type (code, name)
SELECT DISTINCT m.evidence_type, m.evidence_type FROM service_affair.material m WHERE m.evidence_type IS NOT NULL;
ALTER TABLE service_affair.material
    ADD CONSTRAINT material_evidence_type_fkey FOREIGN KEY (evidence_type)
        REFERENCES service_affair.evidence_type ON UPDATE CASCADE;
COMMENT ON CONSTRAINT material_evidence_type_fkey ON service_affair.material IS
  'A material names a registered evidence type (23503 otherwise)';

ALTER TABLE service_affair.item
    ADD COLUMN output_evidence_type text REFERENCES service_affair.evidence_type ON UPDATE CASCADE;
COMMENT ON COLUMN service_affair.item.output_evidence_type IS
  'Evidence type an approved decision of the item issues as an electronic licence (NULL: none)';

-- The types a material had at submission, kept with the case: the
-- indicators of data sharing (data_sharing, one_licence_service,
-- licence_review) count what the case was assessed by, not what the catalog
-- says today (an administrator's change of a material's type would rewrite
-- past months).  Every type its deciding catalog entries named: a code two
-- items of a bundle require with different types was shared only with both
-- on file (src/core/completeness.c), so each is counted.  A snapshot like
-- the material's name: no foreign key (a check per material on every
-- submission, and the history would pin the registry's codes).
ALTER TABLE service_affair.case_material ADD COLUMN evidence_types text[];
COMMENT ON COLUMN service_affair.case_material.evidence_types IS
  'Evidence types the catalog named for the material at submission (snapshot, written by submit(): the distinct types of the catalog entries deciding the material, in item order; NULL: none)';

-- ---- keys -------------------------------------------------------------------------
CREATE TABLE service_affair.licence_key (
    key_id     text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_.-]{1,32}$'),
    key        bytea NOT NULL CHECK (pg_catalog.length(key) >= 16),
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair.licence_key IS
  'HMAC-SHA-256 keys of the issuing office: the active one signs new licences; the key id is published, the key is not; an administrator rotates keys (insert a new active key after marking the old one inactive); the first issuance creates one when none is active';
COMMENT ON COLUMN service_affair.licence_key.key_id IS 'Published key id, printed with each licence';
COMMENT ON COLUMN service_affair.licence_key.key IS 'The secret key, at least 16 bytes';
COMMENT ON COLUMN service_affair.licence_key.active IS 'Whether new licences are signed with it (at most one active key); once false, never true again (trigger licence_key_immutable)';
COMMENT ON COLUMN service_affair.licence_key.created_at IS 'When it was created';
CREATE UNIQUE INDEX licence_key_one_active ON service_affair.licence_key ((true)) WHERE active;
COMMENT ON INDEX service_affair.licence_key_one_active IS 'At most one active key';
-- A key stays what it was: the licences it signed name it by key_id, and
-- their hmac is checked offline with its bytes.  Administrators hold UPDATE
-- on the table to retire a key (active); until 2026-12-05 they could also
-- rewrite a key's bytes or id, and every licence it had signed then failed
-- the offline check, or named a key that no longer existed (a review).  A
-- retired key stays retired: a key is retired because it is old or because
-- it leaked, and the table does not say which, so none signs again (until
-- 2026-12-05 an administrator could set active back to true, and a leaked
-- key signed new licences that anyone holding it could have forged; a
-- review).  A superuser's session (a restore, a DBA's repair) may.
CREATE FUNCTION service_affair.licence_key_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.licence_key'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP <> 'UPDATE' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'licence_key_immutable() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before updates of rows of service_affair.licence_key only.';
    END IF;
    IF service_affair.session_by_superuser() THEN  -- 56_credit.sql
        RETURN NEW;
    END IF;
    IF NEW.active AND NOT OLD.active
       AND (NEW.key_id, NEW.key, NEW.created_at) IS NOT DISTINCT FROM (OLD.key_id, OLD.key, OLD.created_at) THEN
        RAISE EXCEPTION 'a retired licence key is not reactivated'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Key %s is retired; a retired key never signs again (it may have been retired because it leaked).',
                                             OLD.key_id),
                  HINT = 'Insert a new key (the first issuance makes one when none is active).';
    END IF;
    RAISE EXCEPTION 'a licence key is not changed'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Key %s: only whether it is active may change; its id and bytes check the licences it signed.',
                                         OLD.key_id),
              HINT = 'Rotate: mark the key inactive and insert a new one.';
END
$$;
COMMENT ON FUNCTION service_affair.licence_key_immutable() IS
  'Trigger: refuses (42501) a change of a licence key''s key_id, key or created_at, and the reactivation of a retired key (active false to true: only retiring may change), but in a session whose user is a superuser; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.licence_key_immutable() FROM PUBLIC;
CREATE TRIGGER licence_key_immutable BEFORE UPDATE ON service_affair.licence_key
    FOR EACH ROW WHEN (NEW.key_id IS DISTINCT FROM OLD.key_id OR NEW.key IS DISTINCT FROM OLD.key
                       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR (NEW.active AND NOT OLD.active))
    EXECUTE FUNCTION service_affair.licence_key_immutable();
COMMENT ON TRIGGER licence_key_immutable ON service_affair.licence_key IS
  'A key''s id, bytes and creation time never change, and a retired key is never active again (but by a superuser): the licences it signed are checked with them, and a key retired because it leaked must sign nothing more';
-- A retired key's bytes do not come back under another id either: an
-- administrator holds INSERT to rotate, and until 2026-12-05 the bytes of a
-- retired (perhaps leaked) key inserted under a new key_id signed new
-- licences again, past the trigger above (a review).  A superuser's session
-- (a restore) may.
CREATE FUNCTION service_affair.licence_key_fresh() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_old text;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.licence_key'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP <> 'INSERT' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'licence_key_fresh() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before inserts of rows of service_affair.licence_key only.';
    END IF;
    IF service_affair.session_by_superuser() THEN  -- 56_credit.sql
        RETURN NEW;
    END IF;
    SELECT k.key_id INTO v_old FROM service_affair.licence_key k WHERE k.key OPERATOR(pg_catalog.=) NEW.key LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a licence key''s bytes are not used again'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Key %s has the bytes of key %s; a retired key never signs again (it may have been retired because it leaked).',
                                             service_affair.printable(pg_catalog.left(NEW.key_id, 32)), v_old),
                  HINT = 'Insert new random bytes (the first issuance makes a key when none is active).';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.licence_key_fresh() IS
  'Trigger: refuses (42501) a licence key whose bytes are those of a key already in the table (a retired key brought back under another id), but in a session whose user is a superuser; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.licence_key_fresh() FROM PUBLIC;
CREATE TRIGGER licence_key_fresh BEFORE INSERT ON service_affair.licence_key
    FOR EACH ROW EXECUTE FUNCTION service_affair.licence_key_fresh();
COMMENT ON TRIGGER licence_key_fresh ON service_affair.licence_key IS
  'A key''s bytes are never inserted again under another id (but by a superuser): a retired key, perhaps leaked, must sign nothing more';
SELECT pg_catalog.pg_extension_config_dump('service_affair.licence_key', '');

CREATE FUNCTION service_affair.licence_hmac(key bytea, message text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_licence_hmac'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.licence_hmac(bytea, text) IS
  'Internal: HMAC-SHA-256 of the message under the key (OpenSSL libcrypto), 64 lower-case hex digits; 22023 for a key shorter than 16 bytes';
REVOKE EXECUTE ON FUNCTION service_affair.licence_hmac(bytea, text) FROM PUBLIC;

CREATE FUNCTION service_affair.licence_random_key() RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_licence_random_key'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.licence_random_key() IS
  'Internal: 32 random bytes (pg_strong_random), a new licence key';
REVOKE EXECUTE ON FUNCTION service_affair.licence_random_key() FROM PUBLIC;

-- The canonical message a licence's hash signs (lic_message, src/core/lic.h).
CREATE FUNCTION service_affair.licence_message(number text, evidence_type text, holder_identifier text,
    issued_day date, valid_until date) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_licence_message'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.licence_message(text, text, text, date, date) IS
  'Internal: the text a licence''s keyed hash signs: SAL1, number, evidence type, holder identifier, local day of issue and valid-until day (or -), joined by LF';
REVOKE EXECUTE ON FUNCTION service_affair.licence_message(text, text, text, date, date) FROM PUBLIC;

-- ---- licences -------------------------------------------------------------------------
-- The row invariants of licence as one CHECK through C (lic_row_ok in
-- src/core/lic.c), as cases_row and task_row: PostgreSQL 15 reads every CHECK
-- expression of a table again for each statement that writes it, and the
-- issuance on the conclusion path writes one licence per statement
-- (doc/benchmarks.md, "Licence issuance on conclusion").
CREATE FUNCTION service_affair.licence_row_ok(number text, status text, origin text, reference text,
    hmac text, has_item boolean, has_changed_at boolean) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_licence_row_ok_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.licence_row_ok(text, text, text, text, text, boolean, boolean) IS
  'The row invariants of licence (its CHECK constraint licence_row): number non-empty, at most 300 bytes; status valid/expired/revoked/superseded; origin issued/recorded; reference at most 200 bytes; hmac 64 lower-case hex digits; an issued licence has an item, a recorded one none; changed_at set exactly when not valid. False only when a condition is false (a NULL passes, as in a CHECK)';
CREATE TABLE service_affair.licence (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    -- the type's code is signed into the licence (licence_message()): a type
    -- that has licences keeps its code (a rename is refused, 23503), which a
    -- cascade would have changed under every signature of the type
    evidence_type text NOT NULL REFERENCES service_affair.evidence_type,
    holder        bigint NOT NULL REFERENCES service_affair.applicant,
    -- no foreign key: a licence outlives the settling of its case, which
    -- moves the case out of cases_active (settle_cases(), 63_settle.sql);
    -- issue_licence() writes it only for an open case
    case_id       bigint NOT NULL,
    issued_at     timestamptz NOT NULL,
    valid_until   date,
    status        text NOT NULL DEFAULT 'valid',
    -- follows a rename of the item, as the tasks do: issuance asks whether
    -- the case has a licence of its approved task's item, and a licence left
    -- under the old code was issued a second time
    item          text REFERENCES service_affair.item ON UPDATE CASCADE,
    department    text NOT NULL,
    origin        text NOT NULL,
    reference     text,
    supersedes    bigint,
    changed_at    timestamptz,
    key_id        text NOT NULL,
    hmac          text NOT NULL,
    -- the calendar of the issuing (or recording) case, set at issue: the
    -- licence ends at the end of its valid_until day in that calendar's
    -- zone (licence_ended()), one instant for every reader; follows a
    -- rename of the calendar, and a calendar a licence names is not
    -- deleted (23503).  Last, after the columns lic_issue_fast() wrote
    -- before it (src/licence.c)
    calendar      text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    CONSTRAINT licence_case_item UNIQUE (case_id, item),
    CONSTRAINT licence_row CHECK (service_affair.licence_row_ok(number, status, origin, reference, hmac,
                                                                item IS NOT NULL, changed_at IS NOT NULL))
);
COMMENT ON TABLE service_affair.licence IS
  'Electronic licences (电子证照): issued when a task of an item with an output evidence type is approved (at the end of its stage), or recorded by a clerk (record_evidence); a valid one is evidence for completeness; renewal supersedes, revocation of the case revokes; written only by the API (department, supersedes and key_id are snapshots it writes, without foreign keys: issuance sits on the conclusion path; item follows the item''s code, evidence_type keeps the signed code)';
COMMENT ON COLUMN service_affair.licence.id IS 'Licence id';
COMMENT ON COLUMN service_affair.licence.number IS 'Licence number, unique (evidence_type.number_format)';
COMMENT ON COLUMN service_affair.licence.evidence_type IS 'The evidence type it is; signed into the licence, so a type that has licences cannot change its code (23503)';
COMMENT ON COLUMN service_affair.licence.holder IS 'Holder: the applicant of the case (for an org licence the organisation)';
COMMENT ON COLUMN service_affair.licence.case_id IS 'The case that issued (or recorded) it, open or settled (no foreign key: checked by issue_licence())';
COMMENT ON COLUMN service_affair.licence.issued_at IS 'Issue time: the end of the stage of the approving task, or the recording';
COMMENT ON COLUMN service_affair.licence.valid_until IS 'Last valid day (local day); NULL: no expiry';
COMMENT ON COLUMN service_affair.licence.status IS 'valid, expired (expire_licences()), revoked (its case was revoked) or superseded (renewed)';
COMMENT ON COLUMN service_affair.licence.item IS 'The item whose approval issued it (follows a rename of the item); NULL when recorded by a clerk';
COMMENT ON COLUMN service_affair.licence.department IS 'Issuing department (the task''s department; the case''s for a recorded licence)';
COMMENT ON COLUMN service_affair.licence.origin IS 'issued (on conclusion) or recorded (record_evidence)';
COMMENT ON COLUMN service_affair.licence.reference IS 'Reference in the source system of a recorded licence';
COMMENT ON COLUMN service_affair.licence.supersedes IS 'The licence this one renewed: the one in force at its issue; set again when a licence decided late is issued between the two (not signed)';
COMMENT ON COLUMN service_affair.licence.changed_at IS 'When it stopped being valid (superseded, revoked or expired); NULL while valid';
COMMENT ON COLUMN service_affair.licence.key_id IS 'Id of the key that signed it (licence_key)';
COMMENT ON COLUMN service_affair.licence.calendar IS 'Calendar of the case that issued or recorded it, set at issue: valid_until ends at the end of that day in this calendar''s zone (licence_ended()); follows a rename of the calendar, which cannot be deleted while a licence names it (23503)';
COMMENT ON COLUMN service_affair.licence.hmac IS 'HMAC-SHA-256 of licence_message(number, type, holder identifier, local issue day, valid_until) under the key';
COMMENT ON CONSTRAINT licence_case_item ON service_affair.licence IS 'A task issues at most one licence';
COMMENT ON CONSTRAINT licence_row ON service_affair.licence IS
  'The row invariants (licence_row_ok(), one C call): number non-empty and at most 300 bytes, status and origin value lists, reference at most 200 bytes, hmac 64 lower-case hex digits, an issued licence names its item and a recorded one none, exactly the licences no longer valid carry the time they changed';
CREATE UNIQUE INDEX licence_one_valid ON service_affair.licence (holder, evidence_type) WHERE status = 'valid';
COMMENT ON INDEX service_affair.licence_one_valid IS 'At most one valid licence per holder and type';
CREATE INDEX licence_holder_idx ON service_affair.licence (holder, evidence_type);
COMMENT ON INDEX service_affair.licence_holder_idx IS 'History of a holder''s licences of a type';
CREATE INDEX licence_expiring ON service_affair.licence (valid_until) WHERE status = 'valid';
COMMENT ON INDEX service_affair.licence_expiring IS 'The valid licences by their last valid day: expire_licences() reads only those ending';
-- the referencing side of licence.calendar: a rename of a calendar
-- (ON UPDATE CASCADE) and a refused delete (23503) look its licences up
-- under the lock on the calendar row, not by a scan of every licence
-- (bench/licences/calendar_rename.sh)
CREATE INDEX licence_calendar_idx ON service_affair.licence (calendar);
COMMENT ON INDEX service_affair.licence_calendar_idx IS 'The licences of a calendar: the foreign key''s rename (ON UPDATE CASCADE) and delete check (23503) read only those, not every licence';
SELECT pg_catalog.pg_extension_config_dump('service_affair.licence', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.licence_id_seq', '');

-- Licence numbers: one counter per type, region and year.
CREATE TABLE service_affair.licence_counter (
    evidence_type text NOT NULL REFERENCES service_affair.evidence_type ON UPDATE CASCADE ON DELETE CASCADE,
    region        text NOT NULL,
    year          integer NOT NULL,
    last          bigint NOT NULL CHECK (last >= 1),
    PRIMARY KEY (evidence_type, region, year)
);
COMMENT ON TABLE service_affair.licence_counter IS 'Internal: the last sequence number of licence numbers per type, region and year (region '''' and year 0 for a format that does not name them)';
COMMENT ON COLUMN service_affair.licence_counter.evidence_type IS 'Evidence type';
COMMENT ON COLUMN service_affair.licence_counter.region IS 'Region of the issuing case; '''' for a format without {region} (one counter for every region)';
COMMENT ON COLUMN service_affair.licence_counter.year IS 'Local year of issue; 0 for a format without {year} (one counter for every year)';
COMMENT ON COLUMN service_affair.licence_counter.last IS 'Last sequence number given';
SELECT pg_catalog.pg_extension_config_dump('service_affair.licence_counter', '');

-- The licences a revocation annulled without revoking them: a licence a
-- renewal had superseded before its case was revoked stays superseded (the
-- cascade takes valid and expired ones, "Revocation cascades" in
-- doc/licences.md), and verify_licence() tells it revoked.  Written by the
-- cascade at the revocation, beside the licence rows, which never leave
-- the extension's tables: until 2026-12-06 verify_licence() asked the case's
-- status, and once the case's month was archived (archive_history_month(),
-- 64_history.sql, which such a licence does not hold) it found no case and
-- answered superseded (a review; licence_verify_archived.sql).
CREATE TABLE service_affair.licence_annulment (
    licence_id bigint PRIMARY KEY,  -- no foreign key, as licence.case_id: written only by the cascade
    case_id    bigint NOT NULL,
    revoked_at timestamptz NOT NULL
);
COMMENT ON TABLE service_affair.licence_annulment IS
  'Licences superseded before their case was revoked (they stay superseded; verify_licence() tells them revoked): one row each, written by the revocation cascade (revoke_case_licences()), read without the case, whose month may be archived';
COMMENT ON COLUMN service_affair.licence_annulment.licence_id IS 'The superseded licence';
COMMENT ON COLUMN service_affair.licence_annulment.case_id IS 'Its case, revoked';
COMMENT ON COLUMN service_affair.licence_annulment.revoked_at IS 'When the case was revoked';
REVOKE ALL ON service_affair.licence_annulment FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('service_affair.licence_annulment', '');

-- ---- issuance ---------------------------------------------------------------------------
-- Internal: the active key, created on first use.
CREATE FUNCTION service_affair.licence_active_key(OUT key_id text, OUT key bytea)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fmt text;
BEGIN
    SELECT k.key_id, k.key INTO key_id, key FROM service_affair.licence_key k WHERE k.active;
    IF NOT FOUND THEN
        -- the id is the second the key is made in; a key retired within
        -- that second holds it already: then the second and its
        -- microseconds (until 2026-12-04 the issuance failed, 55000)
        FOREACH fmt IN ARRAY ARRAY['YYYYMMDDHH24MISS', 'YYYYMMDDHH24MISS"."US'] LOOP
            INSERT INTO service_affair.licence_key (key_id, key)
            VALUES ('k' OPERATOR(pg_catalog.||) pg_catalog.to_char(pg_catalog.clock_timestamp() AT TIME ZONE 'UTC', fmt),
                    service_affair.licence_random_key())
            ON CONFLICT DO NOTHING;
            SELECT k.key_id, k.key INTO key_id, key FROM service_affair.licence_key k WHERE k.active;
            EXIT WHEN FOUND;
        END LOOP;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no active licence key'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'service_affair.licence_key has no active key and none could be created.';
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.licence_active_key() IS
  'Internal: id and key of the active licence key; creates a random one when none is active';
REVOKE EXECUTE ON FUNCTION service_affair.licence_active_key() FROM PUBLIC;

-- Internal: issue (or renew) one licence for a case.  origin 'issued': the
-- task of item must be approved and the case accepted or concluded;
-- 'recorded': the case must be concluded and approved.
-- The number a format gives, in C (lic_format_number() in src/licence.c):
-- the one spelling of issue_licence() and of the C path of the routing
-- (lic_number()); until 2026-12-05 licence_next_number() wrote it again in
-- PL/pgSQL.
CREATE FUNCTION service_affair.licence_number(number_format text, evidence_type text, region text, year integer, seq bigint)
    RETURNS text
    AS 'MODULE_PATHNAME', 'sa_licence_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.licence_number(text, text, text, integer, bigint) IS
  'Internal: the licence number a format gives: {type}, {region}, {year} and {seq} (at least 6 digits) replaced in that order, as issue_licence() and the C path of the routing write it (src/licence.c); 22023 for seq below 1';
REVOKE EXECUTE ON FUNCTION service_affair.licence_number(text, text, text, integer, bigint) FROM PUBLIC;

-- The next free licence number of a type (issue_licence(); the C path of
-- src/licence.c writes the same, lic_number(), both by licence_number()).  The counter is the type's,
-- per region and year when the format names them; a format without
-- {region} (or {year}) counts in one row for all regions (years), region ''
-- (year 0), or its numbers would repeat.  A number that is taken all the
-- same (two types of one format without {type}, a format changed back, a
-- licence recorded by hand) is passed over: the next one is taken instead of
-- failing every approval.  {seq}: at least 6 digits (lpad alone would cut a
-- 7th).
CREATE FUNCTION service_affair.licence_next_number(evidence_type text, number_format text, region text, year integer)
    RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_seq bigint;
    v_number text;
    v_cregion text := CASE WHEN pg_catalog.strpos(number_format, '{region}') > 0 THEN region ELSE '' END;
    v_cyear integer := CASE WHEN pg_catalog.strpos(number_format, '{year}') > 0 THEN year ELSE 0 END;
BEGIN
    LOOP
        UPDATE service_affair.licence_counter n SET last = n.last + 1
         WHERE n.evidence_type = licence_next_number.evidence_type AND n.region = v_cregion AND n.year = v_cyear
        RETURNING n.last INTO v_seq;
        IF v_seq IS NULL THEN  -- the first of its type, region and year
            INSERT INTO service_affair.licence_counter AS n (evidence_type, region, year, last)
            VALUES (licence_next_number.evidence_type, v_cregion, v_cyear, 1)
            ON CONFLICT ON CONSTRAINT licence_counter_pkey DO UPDATE SET last = n.last + 1
            RETURNING n.last INTO v_seq;
        END IF;
        v_number := service_affair.licence_number(number_format, licence_next_number.evidence_type, region, year, v_seq);
        EXIT WHEN NOT EXISTS (SELECT FROM service_affair.licence l WHERE l.number = v_number);
        v_seq := NULL;
    END LOOP;
    RETURN v_number;
END
$$;
COMMENT ON FUNCTION service_affair.licence_next_number(text, text, text, integer) IS
  'Internal (issue_licence): moves the counter of the type (per region and year when the format names them) and returns the next licence number not taken';
REVOKE EXECUTE ON FUNCTION service_affair.licence_next_number(text, text, text, integer) FROM PUBLIC;

CREATE FUNCTION service_affair.issue_licence(case_id bigint, evidence_type text, at timestamptz,
    origin text, item text DEFAULT NULL, department text DEFAULT NULL,
    reference text DEFAULT NULL, valid_until date DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    et service_affair.evidence_type;
    a service_affair.applicant;
    k record;
    v_day date;
    v_region text;
    v_number text;
    v_year integer;
    v_until date;
    v_prev bigint;
    v_later timestamptz;
    v_id bigint;
    v_constraint text;
BEGIN
    SELECT * INTO et FROM service_affair.evidence_type t WHERE t.code = issue_licence.evidence_type;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown evidence type'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No evidence type has code %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(issue_licence.evidence_type, 64))), 'NULL'));
    END IF;
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = issue_licence.case_id AND NOT x.settled;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_case(issue_licence.case_id);  -- 55000 settled, 23503 unknown (40_cases.sql)
    END IF;
    IF (origin = 'recorded' AND (c.status <> 'concluded' OR c.decision IS DISTINCT FROM 'approved'))
       OR (origin = 'issued' AND (c.status NOT IN ('accepted', 'concluded')
                                  OR NOT EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id AND NOT t.settled
                                                    AND t.item = issue_licence.item AND t.decision = 'approved'))) THEN
        RAISE EXCEPTION 'case % issues no licence', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s%s; only an approved decision issues a licence.', c.id, c.status,
                                             CASE WHEN c.decision IS NOT NULL THEN ' (' || c.decision || ')' ELSE '' END);
    END IF;
    -- the holder, locked: one issuance per holder at a time
    SELECT * INTO a FROM service_affair.applicant x WHERE x.id = c.applicant FOR NO KEY UPDATE;
    IF et.holder_kind <> 'any' AND et.holder_kind <> a.kind THEN
        RAISE EXCEPTION 'evidence type % is not held by %', service_affair.printable(pg_catalog.left(et.code, 64)),
                        CASE a.kind WHEN 'org' THEN 'an organisation' ELSE 'a person' END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Evidence type %s is held by %s; the applicant of case %s is %s.', service_affair.printable(pg_catalog.left(et.code, 64)),
                                             CASE et.holder_kind WHEN 'org' THEN 'organisations' ELSE 'persons' END, c.id,
                                             CASE a.kind WHEN 'org' THEN 'an organisation' ELSE 'a person' END);
    END IF;
    v_day := service_affair.local_day(at, c.calendar);
    -- a record of evidence seen does not replace a licence a department
    -- issued and that is still in force: until 2026-12-04 any clerk of the
    -- case's region could so cut short another department's licence (a
    -- permanent one to a day) with a number of its series (a review).  Its
    -- department renews it by a decision; once it has expired or been
    -- revoked, a record may renew it.  In force by the one rule
    -- (licence_in_force(): its last day not over on its own calendar,
    -- licence.calendar); until 2026-12-07 on the recording case's
    -- calendar, and a record cut short a licence intake, verify_licence()
    -- and the run still held in force (a review;
    -- licence_record_in_force.sql).  In force at "at" by intake's rule
    -- (catalog_entries()): valid, or marked expired or superseded only
    -- after "at" and not annulled; until 2026-12-07 only a valid one, and
    -- a record dated before a run of expire_licences() dated ahead (up to
    -- an hour for the writers) or before the department's renewal
    -- replaced the licence in force then (a second read;
    -- licence_record_in_force.sql, assertions 8 and 10).
    IF origin = 'recorded' THEN
        -- the detail names the case and the type, not the licence: its
        -- number, department and last day are the holder's, which a
        -- clerk of the case's region reads nowhere (licence is the
        -- administrators'; until 2026-12-08 they were named here, unlogged:
        -- a hostile read; detail_privacy.sql)
        IF EXISTS (SELECT FROM service_affair.licence l
                    WHERE l.holder = a.id AND l.evidence_type = et.code AND l.origin = 'issued'
                      AND service_affair.licence_held_at(l, at)) THEN
            RAISE EXCEPTION 'the holder has a licence of type % in force', service_affair.printable(pg_catalog.left(et.code, 64))
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('The applicant of case %s holds a licence of type %s that a department issued and that is in force; a recorded licence does not replace it.',
                                                 c.id, service_affair.printable(pg_catalog.left(et.code, 64))),
                      HINT = 'Its department renews it by a decision; a record is for evidence the registry does not hold.';
        END IF;
    END IF;
    v_region := COALESCE(c.region, (SELECT d.region FROM service_affair.department d WHERE d.code = c.department), '000000');
    -- on a region shard: a region it serves (doc/scale.md).  The schema alone
    -- proves nothing (anyone with CREATE on the database can make one, and
    -- this runs as the owner of complete_task): the extension must own it.
    IF pg_catalog.to_regnamespace('service_affair_shard') IS NOT NULL
       AND EXISTS (SELECT FROM pg_catalog.pg_extension e
                    WHERE e.extname = 'service_affair_shard'
                      AND e.extnamespace = pg_catalog.to_regnamespace('service_affair_shard')::oid) THEN
        v_region := service_affair_shard.licence_region(v_region, c.department);
    END IF;
    v_year := pg_catalog.date_part('year', v_day)::integer;
    v_number := service_affair.licence_next_number(et.code, et.number_format, v_region, v_year);
    v_until := COALESCE(issue_licence.valid_until, v_day + et.validity_days);
    SELECT x.key_id, x.key INTO k FROM service_affair.licence_key x WHERE x.active;
    IF NOT FOUND THEN
        k := service_affair.licence_active_key();
    END IF;

    -- renewal: the holder's current licence of the type is superseded.  A
    -- current licence issued after at (a decision recorded late, dated
    -- before a licence already issued) stays: the new one is written as
    -- superseded by it at its issue, so that no licence stops before it
    -- began and the holder keeps the newer one (lic_issue_fast() leaves
    -- that case to this path).  The licence is written as it would stand
    -- had it been decided in its time: it supersedes the licence in force
    -- at at, and the holder's next licence supersedes it at that one's
    -- issue.  So the earlier licence superseded at at is also one already
    -- superseded after at (by a licence issued after at): its changed_at
    -- moves back to at; and the next licence is the first issued after at
    -- whatever its status since, superseded (by a later one), revoked or
    -- annulled: each replaced the licence before it at its issue, and a
    -- revocation does not undo a replacement ("Revoking a renewal leaves no
    -- valid licence", doc/licences.md).  A revoked licence stays revoked
    -- (it is held at no instant, licence_held_at()).  Until 2026-12-07 only
    -- a valid or expired licence was either: a decision recorded late
    -- before a licence already superseded by a later one was written in
    -- force until that later one's issue, and the licence before it stayed
    -- in force until its old changed_at, both overlapping the new one (a
    -- review; licence_late_chain.sql)
    WITH s AS (
        UPDATE service_affair.licence l SET status = 'superseded', changed_at = at
         WHERE l.holder = a.id AND l.evidence_type = et.code AND l.issued_at <= at
           AND (l.status IN ('valid', 'expired') OR (l.status = 'superseded' AND l.changed_at > at))
        RETURNING l.id)
    SELECT pg_catalog.max(s.id) INTO v_prev FROM s;
    SELECT pg_catalog.min(l.issued_at) INTO v_later FROM service_affair.licence l
     WHERE l.holder = a.id AND l.evidence_type = et.code AND l.issued_at > at;
    LOOP
        BEGIN
            INSERT INTO service_affair.licence (number, evidence_type, holder, case_id, issued_at, valid_until, status,
                                                item, department, origin, reference, supersedes, changed_at, key_id, hmac,
                                                calendar)
            VALUES (v_number, et.code, a.id, c.id, at, v_until, CASE WHEN v_later IS NULL THEN 'valid' ELSE 'superseded' END,
                    issue_licence.item, COALESCE(issue_licence.department, c.department), origin, issue_licence.reference,
                    v_prev, v_later, k.key_id,
                    service_affair.licence_hmac(k.key, service_affair.licence_message(v_number, et.code,
                        COALESCE(a.resident_id::text, a.uscc::text), v_day, v_until)),
                    c.calendar)
            RETURNING id INTO v_id;
            EXIT;
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
            IF v_constraint IS NOT DISTINCT FROM 'licence_number_key' THEN
                -- taken meanwhile by an issuance through another counter (two
                -- types of one format without {type}), which committed while
                -- this insert waited for it: the next free number (a review
                -- of 7c3a81f found the 23505 this raised)
                v_number := service_affair.licence_next_number(et.code, et.number_format, v_region, v_year);
                CONTINUE;
            END IF;
            IF v_constraint IS DISTINCT FROM 'licence_one_valid' THEN
                RAISE;
            END IF;
            -- REPEATABLE READ or SERIALIZABLE: the holder's lock serialized the
            -- two issuances, but this snapshot predates the other's licence,
            -- which it therefore did not supersede
            RAISE EXCEPTION 'could not serialize the issuance of a licence of type %', et.code
                USING ERRCODE = 'serialization_failure',
                      DETAIL = pg_catalog.format('Applicant %s got a licence of type %s in a transaction that committed after this transaction''s snapshot was taken.',
                                                 a.id, et.code),
                      HINT = 'Retry the transaction: it then supersedes that licence.';
        END;
    END LOOP;
    -- the chain of renewals follows the instants too: the holder's next
    -- licence (the first issued after at, the one that supersedes the new
    -- one) renewed the new one, not the licence it replaced in its time,
    -- which the new one renewed (v_prev).  supersedes is not signed (the
    -- hmac covers number, type, holder, issue day and valid_until:
    -- licence_message()), so the row is set right.  Until 2026-12-08 the
    -- next licence kept naming the licence it replaced first, and walking
    -- supersedes from the newest licence skipped every licence decided late
    -- (licence_late_chain.sql, 16)
    IF v_later IS NOT NULL THEN
        UPDATE service_affair.licence l SET supersedes = v_id
         WHERE l.id = (SELECT n.id FROM service_affair.licence n
                        WHERE n.holder = a.id AND n.evidence_type = et.code AND n.issued_at = v_later
                        ORDER BY n.id LIMIT 1);
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.issue_licence(bigint, text, timestamptz, text, text, text, text, date) IS
  'Internal: issue (origin issued: the approved task of item) or record (origin recorded: an approved concluded case) a licence for the case''s applicant, superseding the holder''s licence of the type in force at at (valid, expired, or superseded after at: its changed_at moves back to at; one issued after at stays as it is, and the new one is written superseded at the issue of the first licence issued after at, whatever its status since, and that licence''s supersedes names the new one), numbered and signed; 23503 unknown type or case, 55000 no approved decision, 22023 holder kind, a number taken already, also by a concurrent issuance through another counter, is passed over, 40001 a valid licence of the holder and type committed after the snapshot (REPEATABLE READ, SERIALIZABLE)';
REVOKE EXECUTE ON FUNCTION service_affair.issue_licence(bigint, text, timestamptz, text, text, text, text, date) FROM PUBLIC;

-- Called by route_advance() (src/licence.c) when a stage ended.
CREATE FUNCTION service_affair.issue_licences(case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    n integer := 0;
BEGIN
    FOR r IN SELECT t.item, t.department, i.output_evidence_type, et.holder_kind, a.kind AS applicant_kind, c.status
               FROM service_affair.task t
               JOIN service_affair.item i ON i.code = t.item
               JOIN service_affair.evidence_type et ON et.code = i.output_evidence_type
               JOIN service_affair.cases c ON c.id = t.case_id AND NOT c.settled
               JOIN service_affair.applicant a ON a.id = c.applicant
              WHERE t.case_id = issue_licences.case_id AND NOT t.settled AND t.decision = 'approved'
                AND NOT EXISTS (SELECT FROM service_affair.licence l WHERE l.case_id = t.case_id AND l.item = t.item)
              ORDER BY t.stage, t.id
    LOOP
        IF r.holder_kind IN ('any', r.applicant_kind) THEN
            PERFORM service_affair.issue_licence(issue_licences.case_id, r.output_evidence_type, at, 'issued',
                                                 r.item, r.department);
            n := n + 1;
        ELSIF NOT EXISTS (SELECT FROM service_affair.case_event e
                           WHERE e.case_id = issue_licences.case_id AND NOT e.settled AND e.kind = 'licence_withheld'
                             AND e.detail OPERATOR(pg_catalog.->>) 'item' = r.item) THEN
            -- a licence its holder kind excludes: none is issued, and the history says why
            INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
            VALUES (issue_licences.case_id, at, 'licence_withheld', r.status, r.status,
                    pg_catalog.jsonb_build_object('item', r.item, 'evidence_type', r.output_evidence_type,
                        'reason', pg_catalog.format('evidence type %s is held by %s; the applicant is %s', r.output_evidence_type,
                                                    CASE r.holder_kind WHEN 'org' THEN 'organisations' ELSE 'persons' END,
                                                    CASE r.applicant_kind WHEN 'org' THEN 'an organisation' ELSE 'a person' END)));
        END IF;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.issue_licences(bigint, timestamptz) IS
  'Internal: called by route_advance() when a stage of the case ended: issues the licence of every approved task whose item has an output evidence type and has none yet; one whose holder kind excludes the applicant is withheld (a licence_withheld event says why, once); returns how many issued';
REVOKE EXECUTE ON FUNCTION service_affair.issue_licences(bigint, timestamptz) FROM PUBLIC;

-- When a licence's validity ends: the one home of the rule, read by every
-- judge of a licence (intake's catalog_entries(), block_unlicensed_stage(),
-- verify_licence(), licence_review, issue_licence() for a record) and by
-- expire_licences().  valid_until is a local day: the licence ends at the
-- end of that day in the zone of its issuing case's calendar
-- (licence.calendar, set at issue), one instant, the same for every reader
-- whatever its own calendar and whatever calendars the database holds.
-- Until 2026-12-07 intake and block_unlicensed_stage() judged on the
-- item's calendar, verify_licence() on the issuing case's, expire_licences()
-- on every calendar (a review; licence_expire_rule.sql); then, for a day,
-- every reader on every calendar: a calendar added anywhere, even unused in
-- Etc/GMT+12, pushed the end of every licence back by up to a day, and
-- verify_licence() told a relying party in Beijing that a licence valid
-- until 03-04 was valid at 19:00 on 03-05 (a second reading;
-- licence_expire_rule.sql, licence_end_walk.sql).
-- Both are plain SQL, inlined into their callers; local_day() reads the
-- calendar through the cache (src/calendar.c), as for any reader.
CREATE FUNCTION service_affair.licence_ended(valid_until date, at timestamptz, cal text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN valid_until IS NOT NULL AND valid_until < service_affair.local_day(at, cal);
COMMENT ON FUNCTION service_affair.licence_ended(date, timestamptz, text) IS
  'Internal: whether a licence whose last valid day is valid_until, issued on calendar cal (licence.calendar), has ended at instant at: that day is before the local day of at on cal (false for NULL: no expiry); the one rule of expire_licences(), verify_licence() and every reader (licence_in_force())';
REVOKE EXECUTE ON FUNCTION service_affair.licence_ended(date, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.licence_in_force(valid_until date, at timestamptz, cal text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN NOT service_affair.licence_ended(valid_until, at, cal);
COMMENT ON FUNCTION service_affair.licence_in_force(date, timestamptz, text) IS
  'Internal: NOT licence_ended(valid_until, at, cal), cal being the licence''s own calendar (licence.calendar); inlined into catalog_entries(), block_unlicensed_stage(), licence_review and issue_licence() (a record does not replace a department''s licence in force)';
REVOKE EXECUTE ON FUNCTION service_affair.licence_in_force(date, timestamptz, text) FROM PUBLIC;

-- A licence held at an instant, the rule of intake: issued by then, not
-- ended (licence_in_force()), and valid, or marked expired or superseded
-- only after the instant (a run of expire_licences() or a renewal dated
-- ahead, up to an hour for the writers; a decision recorded late, written
-- superseded by the holder's newer licence) and not annulled by its case's
-- revocation.  The one spelling of block_unlicensed_stage() and of
-- issue_licence()'s check of a recorded licence: until 2026-12-07 both
-- counted only a licence valid now (a hostile review and its second read;
-- licence_block_in_force.sql, licence_record_in_force.sql).
-- catalog_entries() (45_assess.sql) spells the same rule split in two for
-- its plan on submit()'s path (the valid licence by a join, the others by
-- an EXISTS): this function's NOT EXISTS is a sublink, which PostgreSQL does
-- not inline; licence_held_rule.sql checks that the two agree.
-- verify_licence() keeps its own form at now (an unknown and a known number
-- take the same statements and reads).
CREATE FUNCTION service_affair.licence_held_at(l service_affair.licence, at timestamptz) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN l.issued_at <= at
   AND service_affair.licence_in_force(l.valid_until, at, l.calendar)
   AND (l.status = 'valid'
        OR (l.status IN ('expired', 'superseded') AND l.changed_at > at
            AND NOT EXISTS (SELECT FROM service_affair.licence_annulment an WHERE an.licence_id = l.id)));
COMMENT ON FUNCTION service_affair.licence_held_at(service_affair.licence, timestamptz) IS
  'Internal: whether licence l was held at instant at by intake''s rule: issued by then, not ended (licence_in_force()), and valid, or marked expired or superseded only after at and not annulled; the one rule of block_unlicensed_stage() and issue_licence() (a record does not replace a department''s licence in force), which catalog_entries() spells split for its plan (licence_held_rule.sql checks they agree)';
REVOKE EXECUTE ON FUNCTION service_affair.licence_held_at(service_affair.licence, timestamptz) FROM PUBLIC;

-- Called by route_advance() (src/licence.c) before a later stage opens.
CREATE FUNCTION service_affair.block_unlicensed_stage(case_id bigint, stage integer, at timestamptz) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    t service_affair.task;
    n integer := 0;
BEGIN
    -- the types the produced material had at submission (case_material.evidence_types,
    -- as the engine classified it), those an item of an earlier stage of the
    -- case issues: until 2026-12-04 the type the catalog gives the task's
    -- material today, and a type changed after the submission blocked the
    -- stage for a licence no stage was to issue (a review).  The task "has"
    -- the material while its item still asks for it.
    FOR r IN SELECT x.id, pg_catalog.array_agg(DISTINCT ty.evidence_type ORDER BY ty.evidence_type) AS types
               FROM service_affair.task x
               JOIN service_affair.cases c ON c.id = x.case_id AND NOT c.settled
               JOIN service_affair.case_material cm ON cm.case_id = x.case_id AND NOT cm.settled AND cm.status = 'produced'
               CROSS JOIN LATERAL pg_catalog.unnest(cm.evidence_types) AS ty(evidence_type)
              WHERE x.case_id = block_unlicensed_stage.case_id AND NOT x.settled AND x.stage = block_unlicensed_stage.stage
                AND x.status = 'waiting'
                AND EXISTS (SELECT FROM service_affair.material m WHERE m.item = x.item AND m.code = cm.material)
                AND EXISTS (SELECT FROM service_affair.task y JOIN service_affair.item i ON i.code = y.item
                             WHERE y.case_id = x.case_id AND NOT y.settled AND y.stage < x.stage
                               AND i.output_evidence_type = ty.evidence_type)
                -- in force at "at" by intake's rule (catalog_entries()): valid,
                -- or expired or superseded after "at" (a decision recorded
                -- late is written superseded by a newer licence of the
                -- holder, from that licence's issue; a run of
                -- expire_licences() dated ahead), not annulled.  Until
                -- 2026-12-07 only a valid one counted: a bundle's stage 1
                -- decided late issued its licence superseded by the
                -- holder's newer one, issued after "at", and stage 2 was
                -- blocked for want of the licence in force (a hostile
                -- review; licence_block_in_force.sql)
                AND NOT EXISTS (SELECT FROM service_affair.licence l
                                 WHERE l.holder = c.applicant AND l.evidence_type = ty.evidence_type
                                   AND service_affair.licence_held_at(l, at))
              GROUP BY x.id ORDER BY x.id
    LOOP
        UPDATE service_affair.task x
           SET status = 'blocked', finished_at = at,
               note = pg_catalog.format('blocked: no valid licence of type %s, which an earlier stage was to issue',
                                        pg_catalog.array_to_string(r.types, ', '))
         WHERE x.id = r.id AND NOT x.settled
        RETURNING * INTO t;
        PERFORM service_affair.task_event(t, at, 'task_blocked', pg_catalog.jsonb_build_object('evidence_types', r.types));
        n := n + 1;
    END LOOP;
    -- a blocked task of an item in approval_mode commitment is an approval
    -- on commitment never made: its check stops covering one now, whatever
    -- routing does next (until 2026-12-06, when the blocked stage was the
    -- last and routing concluded the case, it stayed open and on_commitment
    -- for good; a hostile review, commitment_licence_blocked.sql).  After
    -- the tasks, under the case's lock: case, tasks, checks
    IF n > 0 THEN
        PERFORM service_affair.commitment_withdraw_approval(block_unlicensed_stage.case_id, 'blocked', at);  -- 55_commitments.sql
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.block_unlicensed_stage(bigint, integer, timestamptz) IS
  'Internal: called by route_advance() before stage "stage" of the case opens: every waiting task of the stage with a produced material (one its item still asks for) whose licence is not in force for the applicant at "at" (valid, or expired or superseded after "at" and not annulled, issued by "at", not ended: intake''s rule) becomes blocked (finished, no decision, the reason in its note); the types are those the material had at submission that an item of an earlier stage of the case issues; a check on_commitment left covering no approval on commitment by a blocked task stops covering one (commitment_withdraw_approval(case, ''blocked'', at)); returns how many';
REVOKE EXECUTE ON FUNCTION service_affair.block_unlicensed_stage(bigint, integer, timestamptz) FROM PUBLIC;

-- ---- revocation cascade --------------------------------------------------------------------
-- Any path that makes a case revoked (sla_sweep, a broken commitment, ...)
-- revokes the licences it issued or recorded that are still valid or expired.
CREATE FUNCTION service_affair.revoke_case_licences() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.cases'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_OP <> 'UPDATE' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'revoke_case_licences() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after updates of service_affair.cases only.';
    END IF;
    WITH r AS (
        UPDATE service_affair.licence l
           SET status = 'revoked', changed_at = COALESCE(NEW.revoked_at, pg_catalog.now())
         WHERE l.case_id = NEW.id AND l.status IN ('valid', 'expired')
        RETURNING l.id, l.number, l.evidence_type)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT NEW.id, COALESCE(NEW.revoked_at, pg_catalog.now()), 'licence_revoked', NEW.status, NEW.status,
           pg_catalog.jsonb_build_object('licence_id', r.id, 'number', r.number, 'evidence_type', r.evidence_type)
      FROM r;
    -- a licence of the case a renewal superseded stays superseded, annulled
    -- (licence_annulment, read by verify_licence() without the case): a
    -- statement of its own, so that a renewal that committed while the
    -- update above waited for its row is seen
    INSERT INTO service_affair.licence_annulment (licence_id, case_id, revoked_at)
    SELECT l.id, NEW.id, COALESCE(NEW.revoked_at, pg_catalog.now())
      FROM service_affair.licence l
     WHERE l.case_id = NEW.id AND l.status = 'superseded'
    ON CONFLICT (licence_id) DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.revoke_case_licences() IS
  'Trigger: a case that becomes revoked revokes the licences it issued (each in the case history) and records in licence_annulment those a renewal had superseded (they stay superseded); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.revoke_case_licences() FROM PUBLIC;
CREATE TRIGGER licence_revoke AFTER UPDATE OF status ON service_affair.cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'revoked')
    EXECUTE FUNCTION service_affair.revoke_case_licences();
COMMENT ON TRIGGER licence_revoke ON service_affair.cases IS 'Revoking a case revokes the licences it issued, whatever the path';

-- ---- the API ---------------------------------------------------------------------------------
CREATE FUNCTION service_affair.record_evidence(case_id bigint, evidence_type text, reference text, valid_until date)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    -- the clerks of the case's region (require_case(), before any lock), not
    -- the staff of its receiving point: lock_case() admits those to the
    -- steps at their window (require_case_step(), 42_tongban.sql), and a
    -- licence recorded as evidence is not one of them, the shared evidence
    -- being the handling department's business (case_evidence() refuses
    -- them).  Until 2026-12-06 a clerk of a third region's department
    -- posted to the point recorded licences for the case's applicant (a
    -- review; licence_point_clerk.sql).  A NULL id: lock_case()'s 22023.
    IF record_evidence.case_id IS NOT NULL THEN
        PERFORM service_affair.require_case(record_evidence.case_id);  -- 42501, the same words for every case
    END IF;
    c := service_affair.lock_case(record_evidence.case_id, pg_catalog.now());  -- 23503, 42501
    -- recorded now: a case whose decision is dated later has not concluded yet
    IF c.concluded_at > pg_catalog.now() THEN
        RAISE EXCEPTION 'case % has not concluded yet', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s concludes at %s, after now; evidence is recorded for a concluded case.',
                                             c.id, c.concluded_at);
    END IF;
    IF NOT EXISTS (SELECT FROM service_affair.evidence_type t WHERE t.code = record_evidence.evidence_type) THEN
        RAISE EXCEPTION 'unknown evidence type'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No evidence type has code %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(record_evidence.evidence_type, 64))), 'NULL'));
    END IF;
    -- the types its materials had at submission (case_material.evidence_types),
    -- not the catalog's of today (until 2026-12-03: a type an administrator
    -- gave a material afterwards was taken, the type it had refused)
    IF NOT EXISTS (SELECT FROM service_affair.case_material cm
                    WHERE cm.case_id = c.id AND NOT cm.settled
                      AND record_evidence.evidence_type OPERATOR(pg_catalog.=) ANY (cm.evidence_types)) THEN
        RAISE EXCEPTION 'case % does not declare evidence type %', c.id, service_affair.printable(pg_catalog.left(record_evidence.evidence_type, 64))
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('No material of case %s (service %s) named evidence type %s at submission; only those types may be recorded.',
                                             c.id, c.service, service_affair.printable(pg_catalog.left(record_evidence.evidence_type, 64)));
    END IF;
    IF pg_catalog.octet_length(reference) > 200 THEN
        RAISE EXCEPTION 'reference too long'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The reference has %s bytes; at most 200 are kept.', pg_catalog.octet_length(reference));
    END IF;
    -- one line of printable text, as a relying party reads it back (until
    -- 2026-12-07 a line feed or another control character was kept as
    -- typed; a review; licence_record_reference.sql).  Control characters
    -- are those printable() shows as ? (src/core/text.c, the one home:
    -- C0, DEL, C1, U+2028/U+2029, the bidirectional controls and since
    -- 2026-12-08 the invisible characters; until
    -- 2026-12-07 a list of its own here left out the bidirectional ones,
    -- and a reference with U+202E showed its text reversed; a second read)
    IF service_affair.printable(reference) OPERATOR(pg_catalog.<>) reference THEN
        RAISE EXCEPTION 'reference holds a control character'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The reference %s holds a control or invisible character (shown as ?); give it on one line of printable text.',
                                             pg_catalog.quote_literal(service_affair.printable(reference)));
    END IF;
    -- a recorded licence supersedes the holder's current one: it must be valid
    IF NOT pg_catalog.isfinite(record_evidence.valid_until) THEN
        RAISE EXCEPTION 'valid_until must be a finite date'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The last valid day %s is not a finite date.', record_evidence.valid_until);
    END IF;
    -- the signed message writes it as YYYY-MM-DD (licence_message()), as every recorded day
    PERFORM service_affair.refuse_unrecordable_day(record_evidence.valid_until, 'valid_until');  -- 22023 (06_arguments.sql)
    IF record_evidence.valid_until < service_affair.local_day(pg_catalog.now(), c.calendar) THEN
        RAISE EXCEPTION 'valid_until precedes the day of recording'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The last valid day %s is before %s, the day the licence is recorded; an expired licence is no evidence.',
                                             record_evidence.valid_until, service_affair.local_day(pg_catalog.now(), c.calendar));
    END IF;
    RETURN service_affair.issue_licence(c.id, record_evidence.evidence_type, pg_catalog.now(), 'recorded',
                                        reference => record_evidence.reference, valid_until => record_evidence.valid_until);
END
$$;
COMMENT ON FUNCTION service_affair.record_evidence(bigint, text, text, date) IS
  'A clerk of the case''s region records a licence or evidence obtained for an approved concluded case, of a type its materials declare, for its applicant (renewing the current one); returns the licence id; 23503 unknown case or type, 42501 a case outside the caller''s regions (the staff of its receiving point included) or a type the case does not declare, 55000 a case not concluded-approved or concluding after now, or a holder with a licence of the type a department issued that is in force, 22023 a reference over 200 bytes or holding a control character or an invisible one (as printable() shows one: a line feed, C0, DEL, C1, U+2028, U+2029, a bidirectional control, a zero-width space, a soft hyphen, a byte order mark...), a valid_until infinite, after 9999-12-31 or before the local day of recording, or a type whose holder_kind excludes the applicant''s kind';
REVOKE EXECUTE ON FUNCTION service_affair.record_evidence(bigint, text, text, date) FROM PUBLIC;

CREATE FUNCTION service_affair.verify_licence(number text, holder_identifier text) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_status text;
    v_until date;
    v_case bigint;
    v_number text;     -- the licence read: the number asked, or the next one
    v_holder bigint;
    v_issued boolean;
    v_stored text;     -- the identifier of the applicant read
    v_match boolean;
    v_id bigint;       -- the licence read
    v_cal text;        -- its calendar
    v_changed timestamptz;  -- when it stopped being valid
    v_canon text;      -- the identifier presented, canonical (NULL: neither kind)
BEGIN
    -- The answer tells whether an identifier holds a number: tried over the
    -- resident ids of a birth year it would give a person's id from a
    -- printed licence number.  Every unknown pair counts against the
    -- session's budget of wrong pairs, shared with case_progress() (10,
    -- then 55000; 47_progress.sql).
    PERFORM service_affair.progress_gate(NULL);
    IF pg_catalog.octet_length(number) > 300 OR pg_catalog.octet_length(holder_identifier) > 64 THEN
        PERFORM service_affair.progress_gate(false);
        RETURN 'unknown';
    END IF;
    -- the identifier in any spelling the types accept (lower case, white
    -- space anywhere), as submit() and case_progress() take it, made
    -- canonical as the stored one is; whatever the number, so that the work
    -- is the same for every number.  Until 2026-12-07 it was only trimmed of
    -- spaces at its ends and upper-cased: a resident id in groups, or one
    -- with a tab or a line feed at its end, was 'unknown' for a licence in
    -- force and counted as a wrong pair (a hostile read;
    -- licence_verify_spelling.sql)
    IF service_affair.is_valid_resident_id(holder_identifier) THEN
        v_canon := holder_identifier::service_affair.resident_id::text;
    ELSIF service_affair.is_valid_uscc(holder_identifier) THEN
        v_canon := holder_identifier::service_affair.uscc::text;
    END IF;
    -- Every number takes the same statements and reads: the licence of the
    -- number or, when there is none, the next one in the number's order;
    -- then the applicant holding it or, when no licence was read, the
    -- first applicant; then the identifier presented compared with the one
    -- read, in constant time (identifier_equal(), 47_progress.sql), what
    -- was read being only taken when it is the number's.  Until 2026-12-05
    -- one statement joined the licence and its holder on the number and the
    -- identifier (text =): an unknown number read no licence and no
    -- applicant, a known one with a wrong identifier both, a timing oracle
    -- for which licence numbers exist (a review; doc/benchmarks-access.md,
    -- "verify_licence()").
    SELECT l.id, l.number, l.status, l.valid_until, l.calendar, l.case_id, l.holder,
           -- issued by now: a licence dated ahead (a superuser's backfill;
           -- the writers refuse a time more than an hour ahead) is none yet
           l.issued_at <= pg_catalog.now(), l.changed_at
      INTO v_id, v_number, v_status, v_until, v_cal, v_case, v_holder, v_issued, v_changed
      FROM service_affair.licence l
     WHERE l.number >= verify_licence.number
     ORDER BY l.number LIMIT 1;
    SELECT COALESCE(a.resident_id::text, a.uscc::text) INTO v_stored
      FROM service_affair.applicant a
     WHERE a.id >= COALESCE(v_holder, 0)
     ORDER BY a.id LIMIT 1;
    v_match := COALESCE(service_affair.identifier_equal(COALESCE(v_canon, '~~~~~~~~~~~~~~~~~~'),
                                                         COALESCE(v_stored, '000000000000000000'))
                        AND v_number = verify_licence.number AND v_issued, false);
    IF NOT v_match THEN
        PERFORM service_affair.progress_gate(false);
        RETURN 'unknown';
    END IF;
    -- The strongest fact is told: revoked > superseded > expired > valid.
    -- A licence a renewal superseded before its case was revoked stays
    -- superseded in the table (the cascade takes valid and expired ones,
    -- licence_review lists it by its case), but the decision that granted it
    -- is annulled: a relying party told superseded would take it for a
    -- lawful licence that was merely renewed (until 2026-12-05 it was; a
    -- review).  The revocation cascade records such a licence in
    -- licence_annulment: the case is not read, as its month may have left
    -- the history (archive_history_month(), which such a licence does not
    -- hold); until 2026-12-06 the case's status was, and an archived case
    -- was no case, the licence superseded (a review).
    IF v_status = 'superseded'
       AND EXISTS (SELECT FROM service_affair.licence_annulment x WHERE x.licence_id = v_id) THEN
        RETURN 'revoked';
    END IF;
    -- expired or superseded only after now (a run of expire_licences() or a
    -- renewal dated ahead, up to an hour for the writers): valid now, as
    -- intake takes it (catalog_entries()).  Until 2026-12-07 the status was
    -- told as it was written: 'expired' in the last minutes of a licence's
    -- last day, and 'superseded' before the renewal, which answered
    -- 'unknown' until its issue (a hostile review; licence_verify_ahead.sql)
    IF v_status IN ('expired', 'superseded') AND v_changed > pg_catalog.now() THEN
        v_status := 'valid';
    END IF;
    -- ended by the rule of expire_licences() and completeness()
    -- (licence_ended(): its last day over on its issuing case's calendar,
    -- licence.calendar), never the session's TimeZone nor the calendars
    -- the database holds besides (licence_expire_rule.sql)
    IF v_status = 'valid' AND service_affair.licence_ended(v_until, pg_catalog.now(), v_cal) THEN
        RETURN 'expired';
    END IF;
    RETURN v_status;
END
$$;
COMMENT ON FUNCTION service_affair.verify_licence(text, text) IS
  'Checks a licence by its number and its holder''s identifier (resident id or USCC), telling the strongest fact: revoked (also a superseded one whose case was revoked), superseded, expired (also a valid one whose valid_until has ended on the calendar of the case that issued it, licence_ended(), whatever the session''s TimeZone), valid (also one marked expired or superseded at a time after now, as intake takes it), or unknown (no such licence for that holder, or none issued by now); the identifier in any spelling the types accept (lower case, white space); no personal data; granted to the public role; an unknown pair counts against the session''s budget of wrong pairs shared with case_progress(): 55000 after 10; an unknown number and a known one with a wrong identifier take the same statements and reads, the identifier compared in constant time';
REVOKE EXECUTE ON FUNCTION service_affair.verify_licence(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.expire_licences(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer;
BEGIN
    PERFORM service_affair.check_case_args(at);
    -- an expiry is recorded as having happened, as an outcome is (22023
    -- more than an hour ahead in a session whose user is not a superuser,
    -- 56_credit.sql): verify_licence(), the completeness and
    -- block_unlicensed_stage() take a licence marked expired only after
    -- their instant as in force until then (since 2026-12-07), but nothing
    -- but a superuser puts a licence back; until 2026-12-04 an administrator's
    -- expire_licences('8999-12-31') expired every licence with an end
    PERFORM service_affair.refuse_future_outcome(at, 'expiry time');
    -- READ COMMITTED only, as the sweeps it runs beside (sla_sweep(),
    -- 50_routing.sql): in a REPEATABLE READ or SERIALIZABLE transaction a
    -- licence revoked or renewed after the snapshot ended the whole run with
    -- 40001 at its row (every other expiry of the run lost with it), where
    -- READ COMMITTED reads the row again and passes it over; refused at
    -- once rather than now and then (doc/licences.md,
    -- licence_expire_snapshot.spec)
    PERFORM service_affair.refuse_snapshot_isolation('expire_licences()',
        'the expiry would judge licences as of its snapshot, not as other transactions left them since.');  -- 55000 (06_arguments.sql)
    -- The rule is licence_ended(): a licence ends once its last day has
    -- ended on its own calendar (licence.calendar, its issuing case's),
    -- whoever judges it (catalog_entries(), block_unlicensed_stage(),
    -- verify_licence(), licence_review read it too), so that no reader
    -- finds a licence marked expired on a day it still covers, nor takes
    -- one the run would not mark.  Until 2026-12-07 the readers judged on
    -- the item's or the case's calendar, and the run on every calendar (a
    -- review; licence_expire_zones.sql, licence_expire_rule.sql).  A
    -- calendar's local day is at most the UTC day after (zones lie within
    -- 15 hours of UTC, is_valid_timezone()): only the licences ending
    -- before that are read (licence_expiring), not every valid one.  The
    -- issuing case is not read (its calendar is the licence's): a settled
    -- case's licence expires as an open one's.
    UPDATE service_affair.licence l SET status = 'expired', changed_at = at
     WHERE l.status = 'valid'
       AND l.valid_until < (at AT TIME ZONE 'UTC')::date + 1
       AND service_affair.licence_ended(l.valid_until, at, l.calendar);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.expire_licences(timestamptz) IS
  'Marks expired the valid licences ended at at (licence_ended(): the last valid day is before the local day of at on the licence''s calendar, that of the case that issued it, the rule every reader judges by); returns how many; run it daily beside sla_sweep; at more than an hour ahead: 22023 in a session whose user is not a superuser; READ COMMITTED only (55000 in a REPEATABLE READ or SERIALIZABLE transaction, where a licence revoked or renewed after the snapshot ended the run with 40001)';
REVOKE EXECUTE ON FUNCTION service_affair.expire_licences(timestamptz) FROM PUBLIC;

-- ---- views for analysts ------------------------------------------------------------------------
-- Cases that relied on a licence later revoked, while it was valid: listed
-- for review, never changed.  A security barrier: analysts read it, not the
-- other licences and cases (doc/access.md, "Leaky functions and views").
-- The material is of the licence's type as the catalog named it at the
-- case's submission (case_material.evidence_types), whatever it names now.
-- A licence of a revoked case that a renewal had superseded before the
-- revocation stays superseded (the cascade takes valid and expired ones):
-- it is listed too, the cases relying on it from its issue to its
-- supersession (its changed_at), with its case's revocation time.  Until
-- 2026-12-05 the view read revoked licences only, and a case that relied on
-- such a licence was never listed (a review).
CREATE VIEW service_affair.licence_review WITH (security_barrier = true) AS
SELECT l.id AS licence_id, l.number, l.evidence_type, l.case_id AS revoked_case,
       CASE WHEN l.status = 'revoked' THEN l.changed_at ELSE r.revoked_at END AS revoked_at,
       c.id AS case_id, c.service, c.status AS case_status, c.submitted_at, cm.material
  FROM service_affair.licence l
  -- a superseded licence of a revoked case: licence_annulment, written by
  -- the revocation cascade (until 2026-12-06 the case was read, and a case
  -- whose month was archived was none: its licence and the cases relying on
  -- it were no longer listed; a review)
  LEFT JOIN service_affair.licence_annulment r ON l.status = 'superseded' AND r.licence_id = l.id
  -- submitted while the licence was in force: issued, not yet revoked or
  -- superseded, and not ended at the submission (licence_ended(), the rule
  -- catalog_entries() judges it by: its last day over on its own calendar);
  -- until 2026-12-07 a case submitted after the licence expired, whose
  -- material was shared from other evidence on file, was listed as relying
  -- on it (a review), and the day was then judged on the case's calendar or
  -- a bundle item's (licence_review_zones.sql)
  JOIN service_affair.cases c ON c.applicant = l.holder AND c.id <> l.case_id
                             AND c.submitted_at >= l.issued_at AND c.submitted_at < l.changed_at
                             AND service_affair.licence_in_force(l.valid_until, c.submitted_at, l.calendar)
  JOIN service_affair.case_material cm ON cm.case_id = c.id AND cm.initial_status = 'shared'
                                      AND l.evidence_type OPERATOR(pg_catalog.=) ANY (cm.evidence_types)
 WHERE l.status = 'revoked' OR (l.status = 'superseded' AND r.licence_id IS NOT NULL);
COMMENT ON VIEW service_affair.licence_review IS
  'Cases submitted while a licence of a since-revoked case was in force (issued, not ended at the submission: licence_ended(), its last day over on the calendar of the case that issued it; a revoked licence, or one a renewal superseded before its case was revoked) whose material of that type (at submission) was satisfied as shared: to review (nothing is changed automatically)';
COMMENT ON COLUMN service_affair.licence_review.licence_id IS 'The revoked licence, or the superseded licence of a revoked case';
COMMENT ON COLUMN service_affair.licence_review.number IS 'Its number';
COMMENT ON COLUMN service_affair.licence_review.evidence_type IS 'Its type';
COMMENT ON COLUMN service_affair.licence_review.revoked_case IS 'The case that issued it (revoked)';
COMMENT ON COLUMN service_affair.licence_review.revoked_at IS 'When it was revoked (a superseded one: when its case was revoked)';
COMMENT ON COLUMN service_affair.licence_review.case_id IS 'A case that relied on it';
COMMENT ON COLUMN service_affair.licence_review.service IS 'Service of that case';
COMMENT ON COLUMN service_affair.licence_review.case_status IS 'Current status of that case';
COMMENT ON COLUMN service_affair.licence_review.submitted_at IS 'When that case was submitted';
COMMENT ON COLUMN service_affair.licence_review.material IS 'The material the licence satisfied';

-- data_sharing, licence_monthly and one_licence_service are built in
-- 65_views.sql with the other analyst views: they add the counts of the
-- archived months (64_history.sql), whose tables come after this part.

-- ---- who reads licences ---------------------------------------------------------------------
-- Licences name their holder (personal data through the applicant id): only
-- administrators read the table (no other role has SELECT, so no row policy
-- is needed); the public checks a licence through verify_licence(), the
-- analysts count through the views.

-- The public guide of a bundle (doc/guides.md) lives here, not in
-- 33_guides.sql: it reads item.output_evidence_type, which this part adds.
-- A material an earlier stage of the bundle issues (the item's
-- output_evidence_type is its type) is not brought: the completeness engine
-- gives it the status produced (catalog_entries(), flag 32).  Until
-- 2026-12-04 the guide listed it as required (开餐馆一件事 asked for the
-- business licence its first stage issues; a review).
CREATE VIEW service_affair.public_bundle_guide AS
SELECT bi.bundle, pg_catalog.min(bi.stage) AS first_stage, m.code AS material, pg_catalog.min(m.name) AS name,
       pg_catalog.bool_or(m.required AND p.issuer IS NULL) AS required,
       pg_catalog.array_agg(DISTINCT bi.item ORDER BY bi.item) AS items,
       pg_catalog.array_agg(DISTINCT p.issuer ORDER BY p.issuer) FILTER (WHERE p.issuer IS NOT NULL) AS issued_by
  FROM service_affair.bundle_item bi JOIN service_affair.material m ON m.item = bi.item
  -- one row per issuing item of an earlier stage (none: one row of NULL)
  LEFT JOIN LATERAL (SELECT b0.item AS issuer
                       FROM service_affair.bundle_item b0 JOIN service_affair.item i0 ON i0.code = b0.item
                      WHERE b0.bundle = bi.bundle AND b0.stage < bi.stage
                        AND i0.output_evidence_type = m.evidence_type) p ON true
 GROUP BY bi.bundle, m.code;
COMMENT ON VIEW service_affair.public_bundle_guide IS
  'The materials of a bundle, each asked once (a material code means one document in every item), for the public; one an earlier stage issues is not required (it is produced)';
COMMENT ON COLUMN service_affair.public_bundle_guide.bundle IS 'Bundle code';
COMMENT ON COLUMN service_affair.public_bundle_guide.first_stage IS 'First stage whose items ask for it';
COMMENT ON COLUMN service_affair.public_bundle_guide.material IS 'Material code';
COMMENT ON COLUMN service_affair.public_bundle_guide.name IS 'Material name';
COMMENT ON COLUMN service_affair.public_bundle_guide.required IS 'The applicant brings it: required by a member item and not issued by an earlier stage of the bundle';
COMMENT ON COLUMN service_affair.public_bundle_guide.items IS 'Member items that ask for it';
COMMENT ON COLUMN service_affair.public_bundle_guide.issued_by IS 'Items of an earlier stage that issue it (their output evidence type is its type); NULL when none';

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): electronic licences
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.evidence_type'),
    ('admin', 'INSERT', 'service_affair.evidence_type'),
    ('admin', 'UPDATE', 'service_affair.evidence_type'),
    ('admin', 'DELETE', 'service_affair.evidence_type'),
    ('admin', 'SELECT', 'service_affair.licence_key'),
    ('admin', 'INSERT', 'service_affair.licence_key'),
    ('admin', 'UPDATE', 'service_affair.licence_key'),
    ('admin', 'SELECT', 'service_affair.licence'),
    ('admin', 'SELECT', 'service_affair.licence_annulment'),
    ('admin', 'SELECT', 'service_affair.licence_review'),
    ('admin', 'EXECUTE', 'service_affair.record_evidence(bigint,text,text,date)'),
    ('admin', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('admin', 'EXECUTE', 'service_affair.expire_licences(timestamptz)'),
    -- called by the view licence_review, with its reader's rights
    ('admin', 'EXECUTE', 'service_affair.licence_ended(date,timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.licence_in_force(date,timestamptz,text)'),
    ('analyst', 'EXECUTE', 'service_affair.licence_ended(date,timestamptz,text)'),
    ('analyst', 'EXECUTE', 'service_affair.licence_in_force(date,timestamptz,text)'),
    ('clerk', 'SELECT', 'service_affair.evidence_type'),
    ('clerk', 'EXECUTE', 'service_affair.record_evidence(bigint,text,text,date)'),
    ('clerk', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('reviewer', 'SELECT', 'service_affair.evidence_type'),
    ('reviewer', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('inspector', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('analyst', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('analyst', 'SELECT', 'service_affair.evidence_type'),
    ('analyst', 'SELECT', 'service_affair.licence_review'),
    ('public', 'EXECUTE', 'service_affair.verify_licence(text,text)'),
    ('admin', 'SELECT', 'service_affair.public_bundle_guide'),
    ('clerk', 'SELECT', 'service_affair.public_bundle_guide'),
    ('analyst', 'SELECT', 'service_affair.public_bundle_guide'),
    ('public', 'SELECT', 'service_affair.public_bundle_guide')
ON CONFLICT DO NOTHING;

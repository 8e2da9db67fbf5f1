-- Text rules shared by every writer.  A required reason, note, finding,
-- assignee or name must say something a reader can see: the one rule for
-- "blank" lives in src/core/text.c (white space by Unicode's White_Space
-- property, the ideographic space U+3000 a Chinese input method types
-- among them, and invisible format characters such as U+200B and U+FEFF).

CREATE FUNCTION service_affair.is_blank(value text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_blank_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_blank(text) IS
  'Internal: true when the text is empty or only white space and invisible characters (U+3000, U+00A0, U+200B, tabs, ...); the rule every writer of a required text asks (src/core/text.c)';
REVOKE EXECUTE ON FUNCTION service_affair.is_blank(text) FROM PUBLIC;

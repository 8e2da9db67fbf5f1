-- Identifier checks at the window: what the types accept, how they print,
-- and what a clerk is told when a number is mistyped.
\pset footer off
SET search_path = service_affair, public;
CREATE FUNCTION pg_temp.check_id(kind text, input text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    msg text;
    det text;
BEGIN
    IF kind = 'uscc' THEN
        RETURN 'valid: ' || input::service_affair.uscc::text;
    ELSE
        RETURN 'valid: ' || input::service_affair.resident_id::text
            || ', born ' || service_affair.resident_id_birth_date(input::service_affair.resident_id)
            || ', sex ' || service_affair.resident_id_sex(input::service_affair.resident_id)
            || ', shown to analysts as ' || service_affair.mask(input::service_affair.resident_id);
    END IF;
EXCEPTION WHEN invalid_text_representation THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN msg || ' — ' || det;
END
$$;
\echo
\echo '=== Identifier checks (GB 32100-2015 统一社会信用代码, GB 11643-1999 居民身份证号码) ==='
SELECT v.kind, v.input, pg_temp.check_id(v.kind, v.input) AS result
  FROM (VALUES ('uscc', '91110000600037341L'),
               ('uscc', '9135 0100 m000 100y 43'),
               ('uscc', '91110000600037341M'),
               ('uscc', '91110000600O37341L'),
               ('resident_id', '11010519491231002X'),
               ('resident_id', '110105194912310021'),
               ('resident_id', '110105194902300020')) AS v(kind, input);

-- 60_ratings: defect 3, setting_upsert() checks its relation and is not
-- executable by PUBLIC.

DROP TRIGGER setting_upsert ON service_affair.setting;
DROP FUNCTION service_affair.setting_upsert();
CREATE FUNCTION service_affair.setting_upsert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.setting'::pg_catalog.regclass
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'setting_upsert() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT of rows of service_affair.setting.';
    END IF;
    UPDATE service_affair.setting s SET value = NEW.value, description = NEW.description
     WHERE s.name = NEW.name;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.setting_upsert() IS
  'Trigger: an INSERT of a setting that exists updates its value instead (keeps edited settings across dump and restore)';
CREATE TRIGGER setting_upsert BEFORE INSERT ON service_affair.setting
    FOR EACH ROW EXECUTE FUNCTION service_affair.setting_upsert();
COMMENT ON TRIGGER setting_upsert ON service_affair.setting IS
  'INSERT of an existing setting name updates it (restore of a dump over the shipped rows)';
REVOKE EXECUTE ON FUNCTION service_affair.setting_upsert() FROM PUBLIC;

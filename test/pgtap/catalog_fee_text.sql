-- fee_raised over the free text of item.fee (收费标准): the same fee
-- written otherwise is no regression — full-width digits (１００元) made
-- half-width, a thousands separator dropped, 0元 written 0.00元, a free
-- item's note of its legal basis (免费（依据…）).  Until 2026-12-05 each
-- was fee_raised and needed a reason (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(18);

INSERT INTO department (code, name, region) VALUES ('FT', 'Fee text test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('ft_one', 'Item', 'FT', 'promised', 20, 5, 1, 'full');
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "ft_one"}', 'ft_one', '{"code": "ft_one"}', '{"code": "ft_one"}',
        now() - interval '1 day', current_user, false, 0);

CREATE FUNCTION pg_temp.fee(b text, a text) RETURNS text[] LANGUAGE sql AS $$
    SELECT service_affair.catalog_regression_kinds('item', 'update',
        jsonb_build_object('code', 'ft_one', 'fee', b), jsonb_build_object('code', 'ft_one', 'fee', a))
$$;

-- the same fee written otherwise: none
SELECT is(pg_temp.fee('１００元', '100元'), '{}', 'full-width digits made half-width: none');
SELECT is(pg_temp.fee('每件１００元', '每件８０元'), '{}', 'full-width 100 lowered to 80: none');
SELECT is(pg_temp.fee('1,000元', '1000元'), '{}', 'a thousands separator dropped: none');
SELECT is(pg_temp.fee('0元', '0.00元'), '{}', '0元 written 0.00元: none');
SELECT is(pg_temp.fee('免费', '免费（依据财税〔2015〕102号）'), '{}', 'a free item''s legal basis noted: none');
SELECT is(pg_temp.fee('不收费', '不收费。'), '{}', 'a full stop added: none');
SELECT is(pg_temp.fee(NULL, ''), '{}', 'NULL made blank: none');
SELECT is(pg_temp.fee('', '免费'), '{}', 'blank made 免费: none');
-- raised, introduced: fee_raised
SELECT is(pg_temp.fee('100元', '２００元'), '{fee_raised}', '100元 made ２００元 (full-width): fee_raised');
SELECT is(pg_temp.fee('1,000元', '1200元'), '{fee_raised}', '1,000元 made 1200元: fee_raised');
SELECT is(pg_temp.fee('免费（依据财税〔2015〕102号）', '100元'), '{fee_raised}', 'free with a note made 100元: fee_raised');
SELECT is(pg_temp.fee('0.00元', '0.5元'), '{fee_raised}', '0.00元 made 0.5元: fee_raised');
SELECT is(pg_temp.fee('100-200元', '100-300元'), '{fee_raised}', 'a range''s top raised: fee_raised');
SELECT is(pg_temp.fee('一百元', '二百元'), '{fee_raised}', 'Chinese numerals changed: another wording, fee_raised');
SELECT is(pg_temp.fee('无', '无（另收工本费10元）'), '{fee_raised}', 'a note naming a fee is no note of a free item: fee_raised');
SELECT is(pg_temp.fee('免费', '免费（另收工本费十元）'), '{fee_raised}', 'nor one naming it in Chinese numerals');
-- lowered or made free: none
SELECT is(pg_temp.fee('200元', '100元'), '{}', 'lowered: none');
SELECT is(pg_temp.fee('100元', '免费'), '{}', 'made free: none');

SELECT * FROM finish();
ROLLBACK;

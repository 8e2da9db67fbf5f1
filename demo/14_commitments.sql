-- Commitments and credit in the sample county (issue 12, doc/credit.md).
--  * 公众聚集场所投入使用、营业前消防安全检查 is approved on the applicant's
--    commitment (承诺制审批: 消防法 2021 Art 15 lets the fire brigade grant it on a
--    written commitment and check the premises after opening); the brigade
--    checks within the default 60 working days (DOMAIN.md: "granted first,
--    checked within 60 working days").
--  * every other commitment (住所使用证明, 居住证明, 就业或就读证明, 亲属关系证明)
--    is checked by the department of the item, within 60 working days.
--  * six inspectors of 综合行政执法局 for the county's own draw of market
--    entities by credit grade (demo/56_credit_show.sql).
SET search_path = service_affair, public;
BEGIN;
UPDATE item SET approval_mode = 'commitment', check_department = 'fire' WHERE code = 'fire_opening_check';
INSERT INTO inspector (id, name, department, region) VALUES
    ('xs-enf-1', '执法队员甲', 'enforce', '330225'),
    ('xs-enf-2', '执法队员乙', 'enforce', '330225'),
    ('xs-enf-3', '执法队员丙', 'enforce', '330225'),
    ('xs-enf-4', '执法队员丁', 'enforce', '330225'),
    ('xs-enf-5', '执法队员戊', 'enforce', '330225'),
    ('xs-enf-6', '执法队员己', 'enforce', '330225');
COMMIT;

-- The public guide (办事指南) of the sample county's items (issue 14): item
-- type, legal basis, conditions, fee, place and hours, contacts, online depth
-- and mobile; per material original or copy, copies, format and source.
-- Loaded as a bulk load would be: direct writes, each a catalog version in
-- the ledger catalog, listed in catalog_review_queue for a reviewer.
SET search_path = service_affair, public;
BEGIN;
SET LOCAL service_affair.catalog_reason = '办事指南要素补全（批量导入）';

UPDATE item SET
    item_type = CASE
        WHEN code IN ('market_food_licence', 'ps_hotel_licence', 'health_public_place', 'health_physician_reg',
                      'housing_drainage', 'enforce_signboard', 'enforce_outdoor_ad') THEN 'licence'
        WHEN code LIKE 'market\_%' OR code LIKE 'natres\_%' OR code IN ('ps_birth_reg', 'ps_death_cancel', 'civil_marriage',
                                                                      'hrss_employer_reg', 'medins_employer_reg') THEN 'confirmation'
        WHEN code IN ('hrss_funeral_grant', 'hrss_pension_claim', 'hrss_unemployment', 'medins_reimburse',
                      'medins_account_settle', 'civil_min_living', 'civil_elderly_allowance') THEN 'payment'
        ELSE 'public_service' END,
    -- 跑零次 items that are handled online end to end (全程网办)
    online_depth = CASE WHEN online AND max_visits = 0 AND kind = 'immediate' THEN 'full'
                        WHEN online THEN 'apply' ELSE 'none' END,
    mobile = online AND max_visits = 0,
    fee = CASE WHEN code IN ('natres_transfer', 'natres_mortgage', 'natres_inherit') THEN '不动产登记费：住宅80元/件，非住宅550元/件（含第一本证书工本费）'
               ELSE '不收费' END,
    place_hours = '象山县行政服务中心（丹东街道象山港路），工作日 8:30-12:00，13:30-17:00（夏令时 14:00-17:30）；浙里办 APP 全天',
    contact = '咨询：0574-65726000；投诉：12345 政务服务便民热线';

UPDATE item SET
    legal_basis = CASE code
        WHEN 'market_food_licence' THEN '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》'
        WHEN 'market_company_reg' THEN '《中华人民共和国市场主体登记管理条例》第十九条'
        WHEN 'ps_hotel_licence' THEN '《旅馆业治安管理办法》第四条'
        WHEN 'fire_opening_check' THEN '《中华人民共和国消防法》第十五条'
        WHEN 'natres_transfer' THEN '《不动产登记暂行条例》第二十条' END,
    conditions = CASE code
        WHEN 'market_food_licence' THEN '具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和规章制度；已取得营业执照'
        WHEN 'market_company_reg' THEN '名称、住所、注册资本、经营范围等符合法律法规规定'
        WHEN 'fire_opening_check' THEN '场所已竣工并符合消防技术标准' END,
    process = CASE code
        WHEN 'market_food_licence' THEN '申请 → 受理（材料齐全即受理）→ 审查（必要时现场核查）→ 决定 → 发证（电子证照同步）'
        WHEN 'market_company_reg' THEN '网上申请 → 审核 → 发照（电子营业执照）' END
 WHERE code IN ('market_food_licence', 'market_company_reg', 'ps_hotel_licence', 'fire_opening_check', 'natres_transfer');

UPDATE material SET
    original_or_copy = CASE WHEN evidence_type IS NOT NULL THEN 'electronic'
                            WHEN name LIKE '%申请书%' OR name LIKE '%申请表%' OR name LIKE '%登记表%' THEN 'original'
                            ELSE 'original_and_copy' END,
    copies = CASE WHEN evidence_type IS NOT NULL THEN 0 ELSE 1 END,
    format = CASE WHEN evidence_type IS NOT NULL THEN 'electronic' ELSE 'either' END,
    source = CASE WHEN evidence_type IS NOT NULL THEN 'shared' ELSE 'applicant' END,
    sample = CASE WHEN name LIKE '%申请书%' OR name LIKE '%申请表%' THEN '浙江政务服务网本事项页面“表格下载”' END;

COMMIT;
